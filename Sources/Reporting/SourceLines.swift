import Findings
import Foundation

/// Reads the lines of the files that findings point at, for the text view's code frames. The only
/// I/O in Reporting, kept apart so the reporters stay pure functions of their inputs.
public enum SourceLines {
    /// Files larger than this are not read for frames (the snippet is shown instead).
    static let maximumBytes = 8 << 20

    /// Lines by `Location.file` for every file finding. A relative path is looked up under the
    /// first root (its folder when it is a file), then under the current directory.
    public static func load(for findings: [Finding], roots: [String]) -> [String: [String]] {
        var result: [String: [String]] = [:]
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
                if let lines = read(path) {
                    result[file] = lines
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

    /// The file's lines, read with `open`/`fstat`/`read` (Foundation's file attributes would look
    /// the owner up in the user database for every file).
    static func read(_ path: String) -> [String]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) <= maximumBytes else { return nil }
        let text = String(decoding: readAll(fd, count: Int(info.st_size)), as: UTF8.self)
        var lines = text.lines().map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
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
