//! The plan's table as an office document (DOCX, which Word and LibreOffice open): A4
//! landscape, the table with borders on every cell, Ukrainian text in a font both offices
//! have (or substitute with the same metrics).

use docx_rs::{
    AlignmentType, Docx, PageMargin, PageOrientationType, Paragraph, Run, RunFonts, Table,
    TableBorders, TableCell, TableRow, WidthType,
};

use super::plan::{COLUMNS, heading, rows};
use crate::plan::PlanValues;

/// A4 landscape, in twentieths of a point.
const PAGE: (u32, u32) = (16838, 11906);
/// 2 cm on every side.
const MARGIN: i32 = 1134;
/// The columns' widths, filling the page between the margins (16838 − 2 × 1134).
const WIDTHS: [usize; 9] = [600, 2100, 2400, 1800, 1300, 2300, 900, 1400, 1770];

fn text(s: &str, bold: bool) -> Paragraph {
    let mut run = Run::new().add_text(s);
    if bold {
        run = run.bold();
    }
    Paragraph::new().add_run(run)
}

fn cell(s: &str, width: usize, bold: bool) -> TableCell {
    TableCell::new()
        .width(width, WidthType::Dxa)
        .add_paragraph(text(s, bold))
}

/// The document's bytes.
pub fn docx(v: &PlanValues) -> Result<Vec<u8>, String> {
    let (title, period) = heading(v);
    let header = TableRow::new(
        COLUMNS
            .iter()
            .zip(WIDTHS)
            .map(|(c, w)| cell(c, w, true))
            .collect(),
    );
    let body = rows(v).into_iter().map(|r| {
        TableRow::new(
            r.iter()
                .zip(WIDTHS)
                .map(|(c, w)| cell(c, w, false))
                .collect(),
        )
    });
    let table = Table::new(std::iter::once(header).chain(body).collect())
        .set_grid(WIDTHS.to_vec())
        .width(WIDTHS.iter().sum(), WidthType::Dxa)
        .set_borders(TableBorders::new());
    let doc = Docx::new()
        .page_size(PAGE.0, PAGE.1)
        .page_orient(PageOrientationType::Landscape)
        .page_margin(PageMargin {
            top: MARGIN,
            left: MARGIN,
            bottom: MARGIN,
            right: MARGIN,
            header: 709,
            footer: 709,
            gutter: 0,
        })
        .default_fonts(
            RunFonts::new()
                .ascii("Times New Roman")
                .hi_ansi("Times New Roman")
                .cs("Times New Roman"),
        )
        .default_size(22)
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(Run::new().add_text(title).bold().size(28)),
        )
        .add_paragraph(text(&period, false))
        .add_table(table);
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}
