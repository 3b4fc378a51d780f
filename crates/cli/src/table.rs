//! Text tables for the terminal, measured in display columns: a CJK
//! character takes two columns, a combining mark none. Cells wrap at word
//! boundaries (anywhere inside CJK text, which has no spaces) to fit the
//! terminal's width.

use std::io::Write;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Columns `s` takes on a terminal.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// The width to lay tables out in: the terminal's, else `$COLUMNS`, else 120
/// (output to a file or pipe keeps rows readable). Never below 60.
pub fn terminal_width() -> usize {
    let from_terminal = terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| usize::from(w.0));
    let from_env = || std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<usize>().ok());
    from_terminal.or_else(from_env).unwrap_or(120).max(60)
}

/// `s` cut to at most `max` columns, with `…` where it was cut.
pub fn cut(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `s` padded with spaces to `columns` columns (unchanged when wider).
pub fn pad(s: &str, columns: usize) -> String {
    let mut out = s.to_string();
    out.extend(std::iter::repeat_n(' ', columns.saturating_sub(width(s))));
    out
}

/// Lines of at most `max` columns. Words are kept whole unless one alone is
/// wider than a line; text in wide (CJK) characters breaks between any two
/// characters, as it is written without spaces.
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let max = max.max(2);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in s.split_whitespace() {
        let w = width(word);
        let sep = usize::from(used > 0);
        let breakable = word.chars().any(|c| c.width() == Some(2));
        if used + sep + w <= max {
            if sep == 1 {
                line.push(' ');
            }
            line.push_str(word);
            used += sep + w;
            continue;
        }
        if !breakable && w <= max {
            lines.push(std::mem::take(&mut line));
            line.push_str(word);
            used = w;
            continue;
        }
        // Break the word by characters, filling the current line first when
        // it is CJK text, else starting a new one.
        if breakable && used > 0 && used + 1 < max {
            line.push(' ');
            used += 1;
        } else if used > 0 {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > max {
                // Closing punctuation never starts a line: the character
                // before it moves down with it.
                let carry = if is_closing(c) && line.chars().count() > 1 { line.pop() } else { None };
                lines.push(std::mem::take(&mut line));
                line.extend(carry);
                used = width(&line);
            }
            line.push(c);
            used += cw;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Punctuation that closes a clause or bracket, which typesetting keeps off
/// the start of a line.
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '！'
            | '？'
            | '）'
            | '」'
            | '』'
            | '】'
            | '》'
            | '〉'
            | ','
            | '.'
            | ')'
            | ';'
            | ':'
    )
}

/// A column: its header, its width in columns, and whether it is right-aligned.
pub struct Column {
    pub header: &'static str,
    pub width: usize,
    pub right: bool,
}

/// Writes a header and rows; each cell wraps within its column, and a row
/// takes as many lines as its tallest cell. Cells must already be escaped.
pub fn write_table(out: &mut impl Write, columns: &[Column], rows: &[Vec<String>]) -> std::io::Result<()> {
    let header: Vec<String> = columns.iter().map(|c| c.header.to_string()).collect();
    write_row(out, columns, &header)?;
    for row in rows {
        write_row(out, columns, row)?;
    }
    Ok(())
}

fn write_row(out: &mut impl Write, columns: &[Column], cells: &[String]) -> std::io::Result<()> {
    let wrapped: Vec<Vec<String>> = columns.iter().zip(cells).map(|(col, cell)| wrap(cell, col.width)).collect();
    let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
    for i in 0..height {
        let mut line = String::new();
        for (k, (col, cell)) in columns.iter().zip(&wrapped).enumerate() {
            let text = cell.get(i).map_or("", String::as_str);
            let last = k + 1 == columns.len();
            if col.right {
                line.push_str(&" ".repeat(col.width.saturating_sub(width(text))));
                line.push_str(text);
            } else if last {
                line.push_str(text);
            } else {
                line.push_str(&pad(text, col.width));
            }
            if !last {
                line.push_str("  ");
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_characters_take_two_columns() {
        assert_eq!(width("技术总监"), 8);
        assert_eq!(width("CTO"), 3);
        assert_eq!(pad("技术", 6), "技术  ");
        assert_eq!(cut("负责预算和招聘", 7), "负责预…");
        assert!(width(&cut("负责预算和招聘", 7)) <= 7);
    }

    #[test]
    fn wrapping_keeps_words_and_breaks_cjk_anywhere() {
        let lines = wrap("Own the annual budget of the engineering department", 20);
        assert!(lines.iter().all(|l| width(l) <= 20), "{lines:?}");
        assert_eq!(lines.join(" "), "Own the annual budget of the engineering department");
        let zh = wrap("负责公司技术团队的招聘与培养工作", 10);
        assert!(zh.iter().all(|l| width(l) <= 10), "{zh:?}");
        assert_eq!(zh.concat(), "负责公司技术团队的招聘与培养工作");
        // Closing punctuation stays with the character before it.
        let punct = wrap("建立完整的灾难恢复预案，保证", 10);
        assert!(punct.iter().all(|l| !l.starts_with('，')), "{punct:?}");
        assert_eq!(punct.concat(), "建立完整的灾难恢复预案，保证");
        // A word longer than the line is cut into pieces, nothing lost.
        let long = wrap("supercalifragilistic", 8);
        assert_eq!(long.concat(), "supercalifragilistic");
        assert!(long.iter().all(|l| width(l) <= 8));
    }

    #[test]
    fn rows_align_by_display_width() {
        let columns = [
            Column { header: "A", width: 10, right: false },
            Column { header: "B", width: 10, right: false },
            Column { header: "evidence", width: 10, right: false },
        ];
        let rows = vec![vec!["技术总监".to_string(), "CTO".to_string(), "concept".to_string()]];
        let mut out = Vec::new();
        write_table(&mut out, &columns, &rows).unwrap();
        let text = String::from_utf8(out).unwrap();
        let line = text.lines().nth(1).unwrap();
        // "B" column starts at column 12 whatever the script of column A.
        let before_cto = &line[..line.find("CTO").unwrap()];
        assert_eq!(width(before_cto), 12, "{text}");
    }
}
