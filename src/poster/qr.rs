//! QR codes, made in-process: the dark modules of a code as one SVG path, in module units,
//! for a template to place and scale.

use qrcode::{Color, EcLevel, QrCode};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Qr {
    /// Path data of the dark modules, one unit per module, without the quiet zone.
    pub path: String,
    /// Modules per side.
    pub size: usize,
}

/// The QR code of `text` (error correction M: a printed poster survives a crease).
pub fn qr(text: &str) -> Option<Qr> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let size = code.width();
    let colors = code.to_colors();
    let mut path = String::new();
    for y in 0..size {
        let mut x = 0;
        while x < size {
            if colors[y * size + x] == Color::Dark {
                let start = x;
                while x < size && colors[y * size + x] == Color::Dark {
                    x += 1;
                }
                path.push_str(&format!("M{start} {y}h{}v1h-{}z", x - start, x - start));
            } else {
                x += 1;
            }
        }
    }
    Some(Qr { path, size })
}
