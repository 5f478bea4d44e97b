#include "cli/output_file.hpp"

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <string>

#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include "llmcost/error.hpp"

namespace llmcost::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kWriteTag = "llmcost.io.write";

// The temp file being written, for the signal handler (async-signal-safe: a fixed buffer
// and a flag, no allocation). mkstemp fills the buffer in place.
char g_temp_path[4096];
volatile std::sig_atomic_t g_temp_armed = 0;

extern "C" void remove_temp_and_reraise(int sig) {
  if (g_temp_armed != 0) ::unlink(g_temp_path);
  // Installed with SA_RESETHAND | SA_NODEFER: the default action is back and not blocked,
  // so this ends the process as the signal would have.
  ::raise(sig);
}

[[noreturn]] void fail(const std::string& what, const std::string& path, int err) {
  std::string reason = std::strerror(err);
  if (err == EFBIG) reason += " (the file-size limit, ulimit -f, was reached)";
  throw io_error(kWriteTag, detail::concat(what, " \"", path, "\": ", reason));
}

// Blocks every signal for the lifetime of the object (so that arming and disarming the temp
// file are atomic with respect to the handler).
class SignalsBlocked {
 public:
  SignalsBlocked() {
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &previous_);
  }
  ~SignalsBlocked() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
  SignalsBlocked(const SignalsBlocked&) = delete;
  SignalsBlocked& operator=(const SignalsBlocked&) = delete;

 private:
  sigset_t previous_{};
};

// While it lives: SIGINT, SIGTERM, SIGHUP and SIGQUIT remove the temp file and then end the
// process; SIGXFSZ is ignored so that exceeding a file-size limit makes write() fail with
// EFBIG (and the error path cleans up) instead of killing the process with the file left.
class SignalGuard {
 public:
  SignalGuard() {
    struct sigaction sa {};
    sa.sa_handler = remove_temp_and_reraise;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND | SA_NODEFER;
    for (std::size_t i = 0; i < kSignals.size(); ++i) {
      sigaction(kSignals[i], nullptr, &previous_[i]);
      installed_[i] = previous_[i].sa_handler != SIG_IGN;  // keep `nohup`'s choice
      if (installed_[i]) sigaction(kSignals[i], &sa, nullptr);
    }
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGXFSZ, &ignore, &previous_xfsz_);
  }
  ~SignalGuard() {
    for (std::size_t i = 0; i < kSignals.size(); ++i)
      if (installed_[i]) sigaction(kSignals[i], &previous_[i], nullptr);
    sigaction(SIGXFSZ, &previous_xfsz_, nullptr);
  }
  SignalGuard(const SignalGuard&) = delete;
  SignalGuard& operator=(const SignalGuard&) = delete;

 private:
  static constexpr std::array<int, 4> kSignals{SIGINT, SIGTERM, SIGHUP, SIGQUIT};
  std::array<struct sigaction, 4> previous_{};
  std::array<bool, 4> installed_{};
  struct sigaction previous_xfsz_ {};
};

// A temp file made by mkstemp next to the target; closed and removed unless committed.
class TempFile {
 public:
  TempFile(const fs::path& dir, const std::string& name) {
    const std::string pattern = (dir / ("." + name + ".llmcost-XXXXXX")).string();
    if (pattern.size() >= sizeof g_temp_path)
      throw io_error(kWriteTag, detail::concat("cannot write \"", (dir / name).string(), "\": the path is too long"));
    SignalsBlocked blocked;
    std::memcpy(g_temp_path, pattern.c_str(), pattern.size() + 1);
    fd_ = ::mkstemp(g_temp_path);  // O_CREAT | O_EXCL, mode 0600: never reuses or follows a planted name
    const int err = errno;
    if (fd_ < 0) fail("cannot create a temporary file in", dir.string(), err);
    g_temp_armed = 1;
    path_ = g_temp_path;
  }
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) {
      SignalsBlocked blocked;
      ::unlink(path_.c_str());
      g_temp_armed = 0;
    }
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  [[nodiscard]] int fd() const { return fd_; }
  [[nodiscard]] const std::string& path() const { return path_; }
  /// Closes the descriptor, reporting a failed close (NFS and quota errors surface here).
  void close(const std::string& shown) {
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail("cannot write", shown, errno);
  }
  void rename_onto(const fs::path& target, const std::string& shown) {
    SignalsBlocked blocked;
    if (::rename(path_.c_str(), target.c_str()) != 0) fail("cannot replace", shown, errno);
    committed_ = true;
    g_temp_armed = 0;
  }

 private:
  int fd_ = -1;
  std::string path_;
  bool committed_ = false;
};

void write_all(int fd, std::string_view text, const std::string& shown) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write the output to", shown, errno);
    }
    if (n == 0) fail("cannot write the output to", shown, ENOSPC);
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

bool same_file(const struct stat& a, const struct stat& b) { return a.st_dev == b.st_dev && a.st_ino == b.st_ino; }

// Follows `path` through every symlink to the name that is finally written: an existing
// non-link, or the name a dangling link points at.
fs::path follow_links(const fs::path& path) {
  fs::path p = path;
  for (int hops = 0;; ++hops) {
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0) {
      if (errno == ENOENT) return p;
      fail("cannot inspect the output path", p.string(), errno);
    }
    if (!S_ISLNK(st.st_mode)) return p;
    if (hops >= 40) fail("cannot follow the output path", path.string(), ELOOP);
    std::error_code ec;
    const fs::path link = fs::read_symlink(p, ec);
    if (ec) fail("cannot read the symbolic link", p.string(), ec.value());
    p = link.is_absolute() ? link : p.parent_path() / link;
  }
}

// Replaces the regular file (or new name) `target` atomically with `text`.
void replace_atomically(const fs::path& target, std::string_view text, const struct stat* existing,
                        const std::string& shown) {
  fs::path dir = target.parent_path();
  if (dir.empty()) dir = ".";
  mode_t mode = 0;
  if (existing != nullptr) {
    mode = existing->st_mode & 0777;
  } else {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  SignalGuard signals;
  TempFile tmp(dir, target.filename().string());
  if (::fchmod(tmp.fd(), mode) != 0) fail("cannot set the mode of", tmp.path(), errno);
  // Keep the owner of a file replaced by root; an ordinary user cannot give files away,
  // and then the new file is simply theirs.
  if (existing != nullptr) (void)!::fchown(tmp.fd(), existing->st_uid, existing->st_gid);
  write_all(tmp.fd(), text, shown);
  if (::fsync(tmp.fd()) != 0 && errno != EINVAL && errno != ENOTSUP) fail("cannot write", shown, errno);
  tmp.close(shown);
  tmp.rename_onto(target, shown);
  // Make the rename durable too (best effort: some file systems cannot sync a directory).
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    (void)::fsync(dfd);
    ::close(dfd);
  }
}

// Writes `text` into the device or FIFO `target` in place.
void write_in_place(const fs::path& target, std::string_view text, const std::string& shown) {
  // No O_CREAT, no O_TRUNC; O_NOFOLLOW: if the name was swapped for a link since it was
  // inspected, refuse rather than follow it.
  const int fd = ::open(target.c_str(), O_WRONLY | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) fail("cannot open", shown, errno);
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !(S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISFIFO(st.st_mode))) {
    ::close(fd);
    throw io_error(kWriteTag, detail::concat("\"", shown, "\" changed while it was being opened; nothing written"));
  }
  struct sigaction ignore {}, previous {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  sigaction(SIGXFSZ, &ignore, &previous);
  try {
    write_all(fd, text, shown);
  } catch (...) {
    sigaction(SIGXFSZ, &previous, nullptr);
    ::close(fd);
    throw;
  }
  sigaction(SIGXFSZ, &previous, nullptr);
  if (S_ISBLK(st.st_mode) && ::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    fail("cannot write", shown, err);
  }
  if (::close(fd) != 0) fail("cannot write", shown, errno);
}

}  // namespace

void write_output_file(const std::string& path, std::string_view text, const std::vector<std::string>& inputs) {
  if (path.empty()) throw io_error(kWriteTag, "the output path is empty");
  // Never over a file the command read, whatever the name: same device and inode (stat
  // follows symlinks, and hard links share the inode).
  struct stat target_st {};
  if (::stat(path.c_str(), &target_st) == 0) {
    for (const auto& in : inputs) {
      struct stat in_st {};
      if (::stat(in.c_str(), &in_st) == 0 && same_file(in_st, target_st))
        throw invalid_input("llmcost.io.overwrite_input",
                            detail::concat("refusing to write output over the input file \"", in, "\" (given as --output \"",
                                           path, "\")"));
    }
  }
  const fs::path target = follow_links(path);
  const std::string shown = target.string() == path ? path : detail::concat(path, "\" -> \"", target.string());
  if (target.filename().empty() || target.filename() == "." || target.filename() == "..")
    throw io_error("llmcost.io.not_a_file", detail::concat("cannot write the output to \"", path, "\": it names a directory"));
  struct stat st {};
  if (::lstat(target.c_str(), &st) != 0) {
    if (errno != ENOENT) fail("cannot inspect the output path", shown, errno);
    replace_atomically(target, text, nullptr, shown);
    return;
  }
  if (S_ISREG(st.st_mode)) {
    if (st.st_nlink > 1)
      throw io_error("llmcost.io.hard_link",
                     detail::concat("refusing to write the output to \"", shown, "\": it has ", st.st_nlink,
                                    " hard links, and replacing it would split them (remove the other links or "
                                    "write to another name)"));
    replace_atomically(target, text, &st, shown);
    return;
  }
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISFIFO(st.st_mode)) {
    write_in_place(target, text, shown);
    return;
  }
  const char* what = S_ISDIR(st.st_mode) ? "a directory" : S_ISSOCK(st.st_mode) ? "a socket" : "not a regular file";
  throw io_error("llmcost.io.not_a_file", detail::concat("cannot write the output to \"", shown, "\": it is ", what));
}

}  // namespace llmcost::cli
