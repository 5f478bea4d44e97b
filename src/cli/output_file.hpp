#pragma once
// Private: writing a command's output to a file named on the command line (`--output`)
// without ever destroying what the name points at.
//
// What happens depends on what the path is when the command writes:
//   * nothing, or a regular file with one link: the text goes to a new temp file made by
//     mkstemp in the same directory (an unpredictable name, created O_CREAT|O_EXCL, so a
//     planted file or symlink is never followed or reused), with the existing file's mode
//     (a new file gets 0666 & ~umask), is fsync'ed and renamed over the path: readers see the
//     old or the new text, never a part.
//   * a symlink: the link is followed to its final target (a dangling link to a file that
//     does not exist yet is followed too) and that target is replaced as above; the link
//     itself stays a link. Replacing the link with a regular file would silently cut it.
//   * a regular file with more than one hard link: refused, [llmcost.io.hard_link]. A rename
//     would silently split the link (the other names keep the old text), and writing in place
//     would lose atomicity; the user can remove the link or write elsewhere.
//   * a character or block device or a FIFO (/dev/null, /dev/stdout, a named pipe): opened
//     O_WRONLY without O_CREAT/O_TRUNC and written in place; never replaced by a file.
//   * a socket or a directory: refused, [llmcost.io.not_a_file].
//   * a file the command read (the scenario or one it extends), by any name — the same
//     device and inode, so also through a symlink or a hard link: refused,
//     [llmcost.io.overwrite_input].
// Every write, fsync, close and rename is checked: a failure (ENOSPC on /dev/full, EFBIG
// past `ulimit -f`, a read-only directory) throws io_error [llmcost.io.write] naming the path
// and the system's reason, after removing the temp file. SIGXFSZ is ignored while writing
// so that a file-size limit is a write error rather than a kill, and SIGINT/SIGTERM/SIGHUP/
// SIGQUIT remove the temp file before the process ends with the signal's default action.
#include <string>
#include <string_view>
#include <vector>

namespace llmcost::cli {

/// Writes `text` to `path` as described above; `inputs` are the files the command read.
void write_output_file(const std::string& path, std::string_view text, const std::vector<std::string>& inputs);

}  // namespace llmcost::cli
