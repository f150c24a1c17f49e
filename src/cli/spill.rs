//! Output held back until a run is known to succeed, at a bounded cost in memory.
//!
//! `render` writes nothing to standard output when any cluster is wrong, yet renders a large
//! input in one pass: what it renders goes here first, in memory up to [`IN_MEMORY`] bytes,
//! then into an unnamed temporary file (removed by the system when it is closed, whatever
//! happens to the process), and is copied out at the end. Memory stays flat in the number of
//! clusters.

use std::fs::File;
use std::io::{self, Seek, Write};

/// Output kept in memory before it goes to a temporary file.
pub const IN_MEMORY: usize = 4 << 20;

/// Output held back (see the module).
#[derive(Debug, Default)]
pub struct Spill {
    memory: Vec<u8>,
    file: Option<File>,
}

impl Spill {
    /// Everything written so far, to `out`.
    pub fn copy_to(self, out: &mut impl Write) -> io::Result<()> {
        let Spill { memory, file } = self;
        match file {
            None => out.write_all(&memory),
            Some(mut file) => {
                file.write_all(&memory)?;
                drop(memory);
                file.rewind()?;
                io::copy(&mut file, out).map(drop)
            }
        }
    }
}

impl Write for Spill {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.memory.len() + bytes.len() > IN_MEMORY {
            // Without a temporary directory the output stays in memory: not flat, not wrong.
            if self.file.is_none() {
                self.file = tempfile::tempfile().ok();
            }
            if let Some(file) = &mut self.file {
                file.write_all(&self.memory)?;
                self.memory.clear();
                if bytes.len() > IN_MEMORY {
                    file.write_all(bytes)?;
                    return Ok(bytes.len());
                }
            }
        }
        self.memory.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spilled(pieces: &[&[u8]]) -> Vec<u8> {
        let mut spill = Spill::default();
        for piece in pieces {
            spill.write_all(piece).unwrap();
        }
        let mut out = Vec::new();
        spill.copy_to(&mut out).unwrap();
        out
    }

    #[test]
    fn small_output_stays_in_memory_and_comes_back_whole() {
        let mut spill = Spill::default();
        spill.write_all(b"a: 1\n").unwrap();
        assert!(spill.file.is_none());
        assert_eq!(
            spilled(&[b"a: 1\n", b"---\n", b"b: 2\n"]),
            b"a: 1\n---\nb: 2\n"
        );
    }

    #[test]
    fn large_output_goes_to_a_file_and_comes_back_in_order() {
        let block: Vec<u8> = (0..=255u8).cycle().take(IN_MEMORY / 3 + 7).collect();
        let pieces: Vec<&[u8]> = vec![&block, b"x", &block, &block, &block, b"end"];
        let mut spill = Spill::default();
        for piece in &pieces {
            spill.write_all(piece).unwrap();
        }
        assert!(spill.file.is_some());
        assert!(spill.memory.len() <= IN_MEMORY);
        let mut out = Vec::new();
        spill.copy_to(&mut out).unwrap();
        assert_eq!(out, pieces.concat());
    }
}
