//! The QR code a printed page carries back to itself: read by an independent reader
//! (zbar's zbarimg), from the strokes the page's SVG draws.

mod common;

use common::*;

/// The dark modules of the page's `svg.qr` (`M3 0.5h7m2 0h1` …: one-unit strokes along
/// each row), as a plain PGM image with a quiet zone, eight pixels a module.
fn qr_image(html: &str) -> Vec<u8> {
    let at = html
        .find("<svg class=\"qr\"")
        .expect("the page has a QR code");
    let svg = &html[at..at + html[at..].find("</svg>").unwrap()];
    let view: Vec<f64> = svg
        .split("viewBox=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .split(' ')
        .map(|n| n.parse().unwrap())
        .collect();
    let size = view[2] as usize - 8;
    let d = svg
        .split(" d=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let mut dark = vec![vec![false; size]; size];
    let (mut x, mut y) = (0usize, 0usize);
    let mut rest = d;
    while let Some(c) = rest.chars().next() {
        rest = &rest[1..];
        let end = rest.find(['M', 'm', 'h']).unwrap_or(rest.len());
        let args: Vec<f64> = rest[..end].split(' ').map(|n| n.parse().unwrap()).collect();
        rest = &rest[end..];
        match c {
            'M' => (x, y) = (args[0] as usize, args[1] as usize),
            'm' => x += args[0] as usize,
            'h' => {
                let n = args[0] as usize;
                dark[y][x..x + n].iter_mut().for_each(|m| *m = true);
                x += n;
            }
            _ => panic!("unexpected command {c} in {d}"),
        }
    }
    let (scale, quiet) = (8, 4);
    let side = (size + 2 * quiet) * scale;
    let mut pgm = format!("P5\n{side} {side}\n255\n").into_bytes();
    for py in 0..side {
        for px in 0..side {
            let (mx, my) = ((px / scale) as isize - 4, (py / scale) as isize - 4);
            let on = (0..size as isize).contains(&mx)
                && (0..size as isize).contains(&my)
                && dark[my as usize][mx as usize];
            pgm.push(if on { 0 } else { 255 });
        }
    }
    pgm
}

#[test]
fn a_printed_pages_qr_code_reads_back_as_its_address() {
    require_tools(
        "a_printed_pages_qr_code_reads_back_as_its_address",
        &["zbarimg"],
    );
    let site = example_site();
    let run = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.path().join("public");
    for page in ["instruktsii/diia-pidpys", "hariacha-liniia"] {
        let html = read(&out, &format!("{page}/index.html"));
        let image = site.path().join("qr.pgm");
        std::fs::write(&image, qr_image(&html)).unwrap();
        let read = std::process::Command::new("zbarimg")
            .args(["-q", "--raw"])
            .arg(&image)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&read.stdout);
        let base = read_base_url(site.path());
        assert_eq!(text.trim(), format!("{base}{page}/"), "{page}");
    }
}

fn read_base_url(root: &std::path::Path) -> String {
    let toml = read(root, "site.toml");
    let line = toml.lines().find(|l| l.starts_with("base_url")).unwrap();
    line.split('"').nth(1).unwrap().to_string()
}
