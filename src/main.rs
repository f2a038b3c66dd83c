//! The `hromada` command line: see `cli/` for the commands and the exit codes.

mod cli;

/// A build makes and drops millions of small strings (one page's template data, its HTML);
/// mimalloc's thread-local free lists spend a fraction of the system allocator's time on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}
