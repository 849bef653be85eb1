//! Spreadsheets that are web pages: Bitrix24's "Export to Excel" (and
//! other web CRMs') writes an HTML table and names it `.xls`. Its first
//! table with rows is read as a sheet's rows, each cell's text as a
//! person reads it: entities decoded, the page's line breaks and runs of
//! spaces one space, a `<br>` a new line.

use scraper::{ElementRef, Html, Node, Selector};

use super::ReadError;

/// How much of a file's head is looked at for a table and its charset.
const HEAD: usize = 4 << 10;

/// Whether `bytes` are a web page with a table (after a byte-order mark
/// and blanks, a tag first).
pub(super) fn is_html(bytes: &[u8]) -> bool {
    let head = head(bytes);
    let head = head.trim_start_matches('\u{feff}').trim_start();
    head.starts_with('<') && head.contains("<table")
}

/// The file's first [`HEAD`] bytes as lower-case text.
fn head(bytes: &[u8]) -> String {
    String::from_utf8_lossy(&bytes[..bytes.len().min(HEAD)]).to_lowercase()
}

/// The charset a page's head names (`<meta … charset=windows-1251>`).
fn charset(bytes: &[u8]) -> Option<String> {
    let head = head(bytes);
    let (_, after) = head.split_once("charset=")?;
    let label: String = after
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect();
    (!label.is_empty()).then_some(label)
}

/// The rows of the page's first table that has any, each a list of its
/// cells' texts (a cell spanning columns, then as many empty ones).
pub(super) fn rows(bytes: &[u8]) -> Result<Vec<Vec<String>>, ReadError> {
    // The charset the page names, if konveyer knows it; else as any text.
    let text = match charset(bytes).map(|label| super::decode(bytes, Some(&label))) {
        Some(Ok(text)) => text,
        _ => super::decode(bytes, None)?,
    };
    let page = Html::parse_document(&text);
    let select = |css: &str| Selector::parse(css).map_err(|e| ReadError::Sheet(e.to_string()));
    let (tables, trs, cells) = (select("table")?, select("tr")?, select("th, td")?);
    for table in page.select(&tables) {
        let rows: Vec<Vec<String>> = table
            .select(&trs)
            .map(|tr| {
                let mut row = Vec::new();
                for cell in tr.select(&cells) {
                    row.push(cell_text(cell));
                    let span: usize = cell
                        .attr("colspan")
                        .and_then(|n| n.trim().parse().ok())
                        .unwrap_or(1);
                    row.extend(std::iter::repeat_n(String::new(), span.clamp(1, 100) - 1));
                }
                row
            })
            .filter(|row| row.iter().any(|c| !c.is_empty()))
            .collect();
        if !rows.is_empty() {
            return Ok(rows);
        }
    }
    Err(ReadError::Empty)
}

/// A cell's text: its words one space apart, a `<br>` a new line.
fn cell_text(cell: ElementRef) -> String {
    let mut lines = vec![String::new()];
    for node in cell.descendants() {
        match node.value() {
            Node::Text(t) => lines.last_mut().into_iter().for_each(|l| l.push_str(t)),
            Node::Element(e) if e.name() == "br" => lines.push(String::new()),
            _ => {}
        }
    }
    lines
        .iter()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bitrix24_excel_export_is_a_page_whose_table_is_read() {
        let page = "\u{feff}<meta http-equiv=\"Content-type\" content=\"text/html;charset=utf-8\" />\n\
            <table border=\"1\">\n<tr><th>Имя</th>\n<th>Рабочий\n   телефон</th><th colspan=\"2\">Адрес</th><th>Комментарий</th></tr>\n\
            <tr><td>Иван &amp; Ко</td><td>+7&nbsp;916 123-45-67</td><td>Москва</td><td></td><td>звонить<br>после 18</td></tr>\n\
            <tr><td></td><td> </td></tr>\n</table>";
        assert!(is_html(page.as_bytes()));
        assert_eq!(
            rows(page.as_bytes()).unwrap(),
            [
                vec!["Имя", "Рабочий телефон", "Адрес", "", "Комментарий"],
                vec![
                    "Иван & Ко",
                    "+7 916 123-45-67",
                    "Москва",
                    "",
                    "звонить\nпосле 18"
                ],
            ]
        );
    }

    #[test]
    fn a_page_in_windows_1251_is_read_by_the_charset_it_names() {
        let page = "<html><head><meta charset=\"windows-1251\"></head><body>\
            <table><tr><td>Фамилия</td></tr><tr><td>Петров</td></tr></table></body></html>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(page);
        assert_eq!(
            rows(&bytes).unwrap(),
            [vec!["Фамилия".to_string()], vec!["Петров".to_string()]]
        );
    }

    #[test]
    fn the_first_table_with_rows_is_read_and_a_page_without_is_empty() {
        let page = "<p>Отчёт</p><table></table><table><tr><td>a</td></tr></table>\
            <table><tr><td>b</td></tr></table>";
        assert!(is_html(page.as_bytes()));
        assert_eq!(rows(page.as_bytes()).unwrap(), [vec!["a".to_string()]]);
        assert!(!is_html("Отчёт <table>".as_bytes()), "text first");
        assert_eq!(rows(b"<table><tr></tr></table>"), Err(ReadError::Empty));
        assert!(!is_html(b"Name;Phone\nAnna;+7 916"));
        assert!(!is_html(b"PK\x03\x04"));
    }
}
