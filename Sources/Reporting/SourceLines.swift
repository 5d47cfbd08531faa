import Findings
import Foundation

/// Reads the files that findings point at, for code frames and fix diffs. The only
/// I/O in Reporting, kept apart so the reporters stay pure functions of their inputs.
public enum SourceLines {
    /// Files larger than this are not read for frames (the snippet is shown instead).
    static let maximumBytes = 8 << 20

    /// Lines by `Location.file` for every file finding. A relative path is looked up under the
    /// first root (its folder when it is a file), then under the current directory.
    public static func load(for findings: [Finding], roots: [String]) -> [String: [String]] {
        read(findings, roots: roots) { bytes in
            var lines = String(decoding: bytes, as: UTF8.self).lines().map(String.init)
            if lines.last == "" { lines.removeLast() }
            return lines
        }
    }

    /// The text of each file whose findings have a fix, as the fixes' edits count it (the bytes
    /// after any UTF-8 byte-order mark), for the reports that show a fix as a diff. Looked up as
    /// `load` looks files up.
    public static func texts(forFixesOf findings: [Finding], roots: [String]) -> [String: [UInt8]] {
        read(findings.filter { $0.fix != nil }, roots: roots) { bytes in
            Array(bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes)
        }
    }

    static func read<Content>(_ findings: [Finding], roots: [String], _ decode: (ArraySlice<UInt8>) -> Content) -> [String: Content] {
        var result: [String: Content] = [:]
        let base = baseDirectory(roots)
        for file in Set(findings.map(\.location.file)) where !file.contains("://") {
            var candidates: [String] = []
            if file.hasPrefix("/") {
                candidates = [file]
            } else {
                if let base { candidates.append((base as NSString).appendingPathComponent(file)) }
                candidates.append(file)
            }
            for path in candidates {
                if let bytes = read(path) {
                    result[file] = decode(bytes)
                    break
                }
            }
        }
        return result
    }

    /// The folder that relative finding paths are relative to: the first root, or its folder.
    public static func baseDirectory(_ roots: [String]) -> String? {
        guard let root = roots.first else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else { return nil }
        return isDirectory.boolValue ? root : (root as NSString).deletingLastPathComponent
    }

    /// The file's bytes, read with `open`/`fstat`/`read` (Foundation's file attributes would look
    /// the owner up in the user database for every file); nil for a missing, special or very large file.
    static func read(_ path: String) -> ArraySlice<UInt8>? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) <= maximumBytes else { return nil }
        return readAll(fd, count: Int(info.st_size))
    }
}

/// Up to `count` bytes from `fd`, fewer when the file is shorter.
private func readAll(_ fd: Int32, count: Int) -> ArraySlice<UInt8> {
    var bytes = [UInt8](repeating: 0, count: count)
    var total = 0
    while total < count {
        let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + total, $0.count - total) }
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { break }
        total += n
    }
    return bytes.prefix(total)
}
