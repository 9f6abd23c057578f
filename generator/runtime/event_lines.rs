//! `Lines`: the lines of a `text/event-stream` body as its chunks come, each byte scanned once.

/// The received bytes of an event stream not yet taken as lines. Taking a line moves a cursor;
/// the taken bytes are dropped once per chunk (not at each line, which would move the rest of the
/// buffer for every line), and the search for a line end resumes where it stopped, so parsing is
/// linear in the body's length however it is cut into chunks.
#[derive(Default)]
pub(super) struct Lines {
    buffer: Vec<u8>,
    /// Where the bytes not yet taken start.
    start: usize,
    /// Where the search for the next line end resumes: `start..scanned` holds none.
    scanned: usize,
    /// Whether the start of the body was checked for a byte order mark.
    started: bool,
}

impl Lines {
    /// Adds a received chunk, first dropping the lines already taken.
    pub(super) fn push(&mut self, chunk: &[u8]) {
        if self.start > 0 {
            self.buffer.drain(..self.start);
            self.scanned -= self.start;
            self.start = 0;
        }
        self.buffer.extend_from_slice(chunk);
    }

    /// Ends the body: a final line without a line end is still a line.
    pub(super) fn finish(&mut self) {
        if !self.is_empty() {
            self.push(b"\n");
        }
    }

    /// How many bytes are held and not yet taken.
    pub(super) fn pending(&self) -> usize {
        self.buffer.len() - self.start
    }

    pub(super) fn is_empty(&self) -> bool {
        self.pending() == 0
    }

    /// Drops everything held.
    pub(super) fn clear(&mut self) {
        *self = Lines { started: self.started, ..Lines::default() };
    }

    /// Takes one complete line (without its terminator), if there is one; `ended` says no byte
    /// follows (so a trailing `\r` or a partial byte order mark is complete).
    pub(super) fn next_line(&mut self, ended: bool) -> Option<String> {
        // One leading byte order mark is ignored; until three bytes came, they may be one.
        if !self.started {
            const BOM: &[u8] = b"\xEF\xBB\xBF";
            let rest = &self.buffer[self.start..];
            if rest.len() < BOM.len() && BOM.starts_with(rest) && !ended {
                return None;
            }
            if rest.starts_with(BOM) {
                self.start += BOM.len();
                self.scanned = self.start;
            }
            self.started = true;
        }
        let found = self.buffer[self.scanned..].iter().position(|b| *b == b'\n' || *b == b'\r');
        let Some(end) = found.map(|offset| self.scanned + offset) else {
            self.scanned = self.buffer.len();
            return None;
        };
        // A lone `\r` at the end of the buffer may be the first half of `\r\n`: wait for more.
        if self.buffer[end] == b'\r' && end + 1 == self.buffer.len() && !ended {
            self.scanned = end;
            return None;
        }
        let terminator = if self.buffer[end] == b'\r' && self.buffer.get(end + 1) == Some(&b'\n') { 2 } else { 1 };
        let line = String::from_utf8_lossy(&self.buffer[self.start..end]).into_owned();
        self.start = end + terminator;
        self.scanned = self.start;
        Some(line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines of a body received in `chunks`.
    fn lines(chunks: &[&[u8]]) -> Vec<String> {
        let mut lines = Lines::default();
        let mut all = Vec::new();
        for chunk in chunks {
            lines.push(chunk);
            all.extend(std::iter::from_fn(|| lines.next_line(false)));
        }
        lines.finish();
        all.extend(std::iter::from_fn(|| lines.next_line(true)));
        assert!(lines.is_empty());
        all
    }

    #[test]
    fn every_line_end_is_recognised() {
        let expected = ["one", "two", "", "three"];
        assert_eq!(lines(&[b"one\ntwo\n\nthree"]), expected);
        assert_eq!(lines(&[b"one\r\ntwo\r\n\r\nthree\r\n"]), expected);
        assert_eq!(lines(&[b"one\rtwo\r\rthree\r"]), expected);
        assert_eq!(lines(&[b"one\r", b"\ntwo\r", b"\r", b"three\n"]), expected);
        assert_eq!(lines(&[b"one\r\ntwo\r\rthree\n"]), expected);
    }

    #[test]
    fn one_leading_byte_order_mark_is_ignored() {
        let body = "\u{feff}a\n".as_bytes();
        for split in 0..4 {
            assert_eq!(lines(&[&body[..split], &body[split..]]), ["a"], "split at {split}");
        }
        // Only one, and only at the start.
        assert_eq!(lines(&["\u{feff}\u{feff}a\n".as_bytes()]), ["\u{feff}a"]);
        assert_eq!(lines(&["a\n\u{feff}b\n".as_bytes()]), ["a", "\u{feff}b"]);
        assert_eq!(lines(&[b"\xEF\xBB"]), ["\u{fffd}"]);
    }

    #[test]
    fn many_lines_in_one_chunk_and_one_line_in_many_chunks_are_read_in_linear_time() {
        // 400,000 lines in one 2.4 MB chunk: moving the rest of the buffer at each line, or
        // scanning it from the start, would take minutes; each byte is read once.
        let body = "data: 1234\n\n".repeat(200_000);
        assert_eq!(lines(&[body.as_bytes()]).len(), 400_000);
        // A line arriving a byte at a time is scanned once, not once per byte.
        let mut chunks: Vec<&[u8]> = vec![b"data: "];
        chunks.extend(std::iter::repeat_n(&b"x"[..], 200_000));
        chunks.push(b"\n");
        assert_eq!(lines(&chunks), [format!("data: {}", "x".repeat(200_000))]);
    }

    #[test]
    fn clearing_drops_what_is_held() {
        let mut lines = Lines::default();
        lines.push(b"partial");
        assert_eq!((lines.next_line(false), lines.pending()), (None, 7));
        lines.clear();
        assert!(lines.is_empty());
        lines.push(b"\xEF\xBB\xBFnext\n");
        assert_eq!(lines.next_line(false).as_deref(), Some("\u{feff}next"), "the start was checked already");
    }
}
