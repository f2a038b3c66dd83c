//! The `hromada` command line: see `cli/` for the commands and the exit codes.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
