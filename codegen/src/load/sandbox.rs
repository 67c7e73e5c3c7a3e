//! Which files an external `$ref` may read.
//!
//! A spec may come from a third party and be read inside someone's build, so a reference must
//! not reach the rest of the machine: only files inside the spec's own directory tree (or a
//! root the user allowed), only regular files (a device or a named pipe would never end), and
//! only up to a size cap. A refusal names the reference and the reason, never what the file
//! holds: a refused file is not even opened.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The default cap on one file a reference reads: far above any real spec (GitHub's is 13 MB).
pub(crate) const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// The directories external references may read from, and how much.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RefPolicy {
    /// Roots beyond the spec's own directory.
    pub(crate) extra_roots: Vec<PathBuf>,
    pub(crate) max_bytes: u64,
}

impl Default for RefPolicy {
    fn default() -> Self {
        RefPolicy {
            extra_roots: Vec::new(),
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// The policy applied to one spec: its roots resolved to real directories.
#[derive(Debug)]
pub(crate) struct Sandbox {
    /// The spec's directory: relative references start here.
    base: PathBuf,
    /// Canonical directories a read file must lie in.
    roots: Vec<PathBuf>,
    max_bytes: u64,
}

/// Why a reference was not read. Holds no byte of the file.
#[derive(Debug)]
pub(crate) enum Refusal {
    Missing(std::io::Error),
    OutsideRoots,
    NotAFile(&'static str),
    TooBig { size: u64, cap: u64 },
    Unreadable(std::io::Error),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Missing(e) => write!(f, "cannot read the file ({e})"),
            Refusal::OutsideRoots => f.write_str(
                "it leads outside the spec's directory tree (after `..` and symlinks are resolved); \
                 allow more directories with `Generator::allow_ref_root` or `--allow-ref-root`",
            ),
            Refusal::NotAFile(what) => write!(f, "it is {what}, not a regular file"),
            Refusal::TooBig { size, cap } => write!(
                f,
                "the file has {size} bytes, over the cap of {cap} (`Generator::max_ref_file_bytes`)"
            ),
            Refusal::Unreadable(e) => write!(f, "cannot read the file ({e})"),
        }
    }
}

impl Sandbox {
    /// The sandbox for a spec in directory `base`. A root that does not exist is left out
    /// (nothing can be read from it anyway).
    pub(crate) fn new(base: &Path, policy: &RefPolicy) -> Self {
        let base = if base.as_os_str().is_empty() {
            Path::new(".")
        } else {
            base
        };
        let roots = std::iter::once(base)
            .chain(policy.extra_roots.iter().map(PathBuf::as_path))
            .filter_map(|root| root.canonicalize().ok())
            .collect();
        Sandbox {
            base: base.to_path_buf(),
            roots,
            max_bytes: policy.max_bytes,
        }
    }

    /// Where a reference to `file` (relative to the spec's directory) leads, before checks.
    pub(crate) fn path_of(&self, file: &str) -> PathBuf {
        self.base.join(file)
    }

    /// The text of `path`, if the policy lets it be read.
    pub(crate) fn read(&self, path: &Path) -> Result<String, Refusal> {
        let real = path.canonicalize().map_err(Refusal::Missing)?;
        if !self.roots.iter().any(|root| real.starts_with(root)) {
            return Err(Refusal::OutsideRoots);
        }
        // Checked before opening: opening a named pipe would wait for a writer forever.
        let metadata = std::fs::metadata(&real).map_err(Refusal::Missing)?;
        self.check(&metadata)?;
        let file = open_without_blocking(&real).map_err(Refusal::Unreadable)?;
        // Again on what was opened, in case the path was swapped in between.
        self.check(&file.metadata().map_err(Refusal::Unreadable)?)?;
        let mut bytes = Vec::new();
        file.take(self.max_bytes.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(Refusal::Unreadable)?;
        let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        if size > self.max_bytes {
            return Err(Refusal::TooBig {
                size,
                cap: self.max_bytes,
            });
        }
        String::from_utf8(bytes).map_err(|_| {
            Refusal::Unreadable(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "it is not UTF-8 text",
            ))
        })
    }

    fn check(&self, metadata: &std::fs::Metadata) -> Result<(), Refusal> {
        if !metadata.is_file() {
            return Err(Refusal::NotAFile(kind_of(&metadata.file_type())));
        }
        if metadata.len() > self.max_bytes {
            return Err(Refusal::TooBig {
                size: metadata.len(),
                cap: self.max_bytes,
            });
        }
        Ok(())
    }
}

/// Opens for reading; on Unix without waiting, should the path have become a named pipe.
fn open_without_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

fn kind_of(file_type: &std::fs::FileType) -> &'static str {
    if file_type.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    "a special file"
}
