//! Writing a file the user asked for all at once or not at all: the bytes go to a temporary
//! file in the same directory, which is synced and renamed over the target only when
//! everything is written. A failure (a full disk, an error while playing, a termination
//! signal) removes the temporary and leaves an existing file as it was. Only SIGKILL (or a
//! power cut) can leave the temporary behind, never a half-written target.
//!
//! The temporaries of processes that were killed (SIGKILL) are removed by the next
//! recording into the same directory.
//!
//! A target that is not a regular file (a device such as `/dev/stdout`, a named pipe) cannot
//! be replaced; it is written directly.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};

/// The temporary file being written, if any, for [`remove_temporary`] (a termination signal
/// ends the process without running destructors).
static TEMPORARY: Mutex<Option<PathBuf>> = Mutex::new(None);

/// A file being written: a temporary beside the target, or the target itself if it is not
/// a regular file.
pub struct AtomicFile {
    out: BufWriter<File>,
    /// The temporary and the target it becomes, when the target is a regular file (or new).
    rename: Option<(PathBuf, PathBuf)>,
}

impl AtomicFile {
    /// Starts writing `path`: creates the temporary (so a directory that does not exist or
    /// cannot be written is an error now, before any work), or opens a target that is not
    /// a regular file.
    pub fn create(path: &Path) -> io::Result<Self> {
        match fs::metadata(path) {
            Ok(meta) if !meta.is_file() => {
                let file = OpenOptions::new().write(true).open(path)?;
                return Ok(Self {
                    out: BufWriter::new(file),
                    rename: None,
                });
            }
            _ => {}
        }
        // An existing file is replaced where it really is, so that a symbolic link to it
        // stays a link; its permissions carry over. A link to a file that does not exist yet
        // creates that file.
        let target = fs::canonicalize(path).or_else(|_| follow_links(path))?;
        let dir = match target.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
            _ => PathBuf::from("."),
        };
        remove_stale_temporaries(&dir);
        let (file, temp) = create_temporary(&dir)?;
        if let Ok(meta) = fs::metadata(&target) {
            let _ = file.set_permissions(meta.permissions());
        }
        Ok(Self {
            out: BufWriter::with_capacity(1 << 16, file),
            rename: Some((temp, target)),
        })
    }

    /// Finishes the file: flushes and syncs it, then renames the temporary over the target.
    /// On error the temporary is removed.
    pub fn commit(mut self) -> io::Result<()> {
        self.out.flush()?;
        self.out.get_ref().sync_all().or_else(|e| {
            // Devices and pipes cannot be synced; a regular file must be.
            if self.rename.is_some() {
                Err(e)
            } else {
                Ok(())
            }
        })?;
        if let Some((temp, target)) = self.rename.take() {
            let renamed = fs::rename(&temp, &target);
            if renamed.is_err() {
                let _ = fs::remove_file(&temp);
            }
            forget_temporary();
            renamed?;
            // Make the rename itself durable (best effort: not every file system can).
            if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
                let _ = File::open(dir).and_then(|d| d.sync_all());
            }
        }
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

impl Drop for AtomicFile {
    /// Not committed: the temporary goes, the target stays as it was.
    fn drop(&mut self) {
        if let Some((temp, _)) = self.rename.take() {
            let _ = fs::remove_file(temp);
            forget_temporary();
        }
    }
}

/// Removes from `dir` the temporaries that recordings of processes no longer alive left
/// behind (only SIGKILL or a power cut can leave one): files named `.plateau-PID-N.tmp` whose
/// PID is not a running process. Best effort: what cannot be read or removed stays.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let stale = name
            .to_str()
            .and_then(temporary_pid)
            .is_some_and(|pid| pid != std::process::id() && !alive(pid));
        if stale && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The PID in a temporary's name `.plateau-PID-N.tmp`, if `name` is one.
fn temporary_pid(name: &str) -> Option<u32> {
    let (pid, n) = name
        .strip_prefix(".plateau-")?
        .strip_suffix(".tmp")?
        .split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(pid) && digits(n))
        .then(|| pid.parse().ok())
        .flatten()
}

/// Whether a process `pid` exists (one of another user's counts).
fn alive(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    !matches!(
        rustix::process::test_kill_process(pid),
        Err(rustix::io::Errno::SRCH)
    )
}

/// How many symbolic links in a row [`follow_links`] follows before it calls them a loop
/// (Linux's own limit).
const MAX_LINKS: usize = 40;

/// Where the symbolic links starting at `path` end: the first path that is not a link,
/// whether or not it exists; an error for a loop of links.
fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_owned();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let next = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) => dir.join(next),
                    None => next,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("more than {MAX_LINKS} symbolic links in a row: a loop of links"),
    ))
}

/// Whether `a` and `b` are the same existing regular file (the same device and inode, so
/// also through links and under other names).
pub fn same_regular_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.is_file() && b.is_file() && a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Creates a new, empty temporary file in `dir` (named `.plateau-PID-N.tmp`, never an
/// existing file) and registers it for [`remove_temporary`].
fn create_temporary(dir: &Path) -> io::Result<(File, PathBuf)> {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    loop {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let temp = dir.join(format!(".plateau-{}-{n}.tmp", std::process::id()));
        // Registered before it exists, so that a signal arriving in between still finds it.
        *TEMPORARY.lock().unwrap_or_else(|p| p.into_inner()) = Some(temp.clone());
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => return Ok((file, temp)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                forget_temporary();
                return Err(e);
            }
        }
    }
}

/// The temporary is gone or renamed: nothing to remove any more.
fn forget_temporary() {
    *TEMPORARY.lock().unwrap_or_else(|p| p.into_inner()) = None;
}

/// Removes the temporary file being written, if any (on a termination signal, before the
/// process exits). It does not wait for the lock: a signal may arrive while it is held.
pub fn remove_temporary() {
    if let Ok(mut temp) = TEMPORARY.try_lock()
        && let Some(temp) = temp.take()
    {
        let _ = fs::remove_file(temp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh scratch directory.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("plateau-file-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// The names in `dir`.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_file_is_replaced_whole_or_not_at_all() {
        let dir = scratch("whole");
        let target = dir.join("x.cast");
        fs::write(&target, "old").unwrap();
        let mut file = AtomicFile::create(&target).unwrap();
        file.write_all(b"new, half").unwrap();
        assert_eq!(names(&dir).len(), 2, "the temporary is beside the target");
        drop(file);
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(names(&dir), ["x.cast"], "no temporary left");

        let mut file = AtomicFile::create(&target).unwrap();
        file.write_all(b"new").unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        file.commit().unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(names(&dir), ["x.cast"]);

        let missing = dir.join("no/such/dir/x.cast");
        assert!(
            AtomicFile::create(&missing).is_err(),
            "checked before any work"
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_link_stays_a_link_and_a_device_is_written_directly() {
        let dir = scratch("link");
        let real = dir.join("real.cast");
        fs::write(&real, "old").unwrap();
        let link = dir.join("link.cast");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let mut file = AtomicFile::create(&link).unwrap();
        file.write_all(b"new").unwrap();
        file.commit().unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
        fs::remove_dir_all(&dir).unwrap();

        let mut null = AtomicFile::create(Path::new("/dev/null")).unwrap();
        null.write_all(b"nothing").unwrap();
        null.commit().unwrap();
        use std::os::unix::fs::FileTypeExt;
        assert!(
            fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device()
        );
    }

    #[test]
    fn a_dangling_link_creates_its_target_and_a_loop_of_links_is_an_error() {
        let dir = scratch("dangling");
        let link = dir.join("link.cast");
        std::os::unix::fs::symlink("new.cast", &link).unwrap();
        let mut file = AtomicFile::create(&link).unwrap();
        file.write_all(b"new").unwrap();
        file.commit().unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(fs::read_to_string(dir.join("new.cast")).unwrap(), "new");
        let (a, b) = (dir.join("a.cast"), dir.join("b.cast"));
        std::os::unix::fs::symlink("b.cast", &a).unwrap();
        std::os::unix::fs::symlink("a.cast", &b).unwrap();
        let err = AtomicFile::create(&a)
            .err()
            .expect("a loop of links is an error");
        assert!(err.to_string().contains("loop"), "{err}");
        assert!(fs::symlink_metadata(&a).unwrap().is_symlink());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_temporaries_of_dead_processes_are_removed_by_the_next_recording() {
        let dir = scratch("stale");
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let stale = format!(".plateau-{dead}-0.tmp");
        let ours = format!(".plateau-{}-99.tmp", std::process::id());
        let others = [
            stale.as_str(),
            ours.as_str(),
            ".plateau-x-1.tmp",
            ".plateau-1.tmp",
        ];
        for name in others {
            fs::write(dir.join(name), "half").unwrap();
        }
        let mut file = AtomicFile::create(&dir.join("x.cast")).unwrap();
        file.write_all(b"new").unwrap();
        file.commit().unwrap();
        let mut left = vec![
            ours.as_str(),
            ".plateau-1.tmp",
            ".plateau-x-1.tmp",
            "x.cast",
        ];
        left.sort();
        assert_eq!(names(&dir), left);
        assert_eq!(temporary_pid(".plateau-12-3.tmp"), Some(12));
        assert_eq!(temporary_pid(".plateau-12-.tmp"), None);
        assert_eq!(temporary_pid("plateau-12-3.tmp"), None);
        fs::remove_dir_all(&dir).unwrap();
    }
}
