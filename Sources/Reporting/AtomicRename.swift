import Foundation

/// Atomic renames for replacing a report folder, so that a target that held
/// a complete report always holds one, whatever moment the process dies at.
///
/// - Linux: `renameat2(2)` with `RENAME_EXCHANGE` (swap two paths in one
///   step) and `RENAME_NOREPLACE` (rename unless the target exists). Glibc's
///   Swift module does not export `renameat2` (and `syscall` is variadic, so
///   not callable from Swift), so it is looked up with `dlsym`; kernels
///   before 3.15 and file systems without the flags answer `ENOSYS` or
///   `EINVAL`.
/// - macOS: `renamex_np(2)` with `RENAME_SWAP` and `RENAME_EXCL`.
/// - Elsewhere, or when the file system refuses: `ENOSYS`, and the writer
///   falls back to two plain renames (target aside, new one in), which
///   leaves a short window with no report at the target; an interrupted
///   fallback is repaired by the next run (see `ReportWriter`).
enum AtomicRename {
  /// Swaps what `first` and `second` name. Returns 0 or an `errno`.
  static func exchange(_ first: String, _ second: String) -> Int32 {
    #if canImport(Darwin)
      return renamex_np(first, second, UInt32(RENAME_SWAP)) == 0 ? 0 : errno
    #elseif os(Linux)
      return linuxRename(first, second, flags: 2)  // RENAME_EXCHANGE
    #else
      return ENOSYS
    #endif
  }

  /// Renames `source` to `target` unless something is at `target`
  /// (`EEXIST` then). Returns 0 or an `errno`.
  static func renameNoReplace(_ source: String, _ target: String) -> Int32 {
    #if canImport(Darwin)
      return renamex_np(source, target, UInt32(RENAME_EXCL)) == 0 ? 0 : errno
    #elseif os(Linux)
      return linuxRename(source, target, flags: 1)  // RENAME_NOREPLACE
    #else
      return ENOSYS
    #endif
  }

  /// Whether an `errno` from `exchange` or `renameNoReplace` means "not
  /// available here" (so the caller should fall back to plain renames).
  static func isUnsupported(_ code: Int32) -> Bool {
    code == ENOSYS || code == EINVAL || code == ENOTSUP || code == EOPNOTSUPP
  }

  #if os(Linux)
    private typealias RenameAt2 = @convention(c) (
      Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32
    ) -> Int32

    /// glibc's `renameat2` (2.28 and later), if the C library has one.
    private static let renameat2: RenameAt2? = {
      // RTLD_DEFAULT is a null handle on glibc and musl.
      guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return nil }
      return unsafeBitCast(symbol, to: RenameAt2.self)
    }()

    private static func linuxRename(_ source: String, _ target: String, flags: UInt32) -> Int32 {
      guard let renameat2 else { return ENOSYS }
      return renameat2(AT_FDCWD, source, AT_FDCWD, target, flags) == 0 ? 0 : errno
    }
  #endif
}
