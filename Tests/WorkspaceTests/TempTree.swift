import Foundation

/// A throwaway folder tree for discovery and configuration tests, removed afterwards.
final class TempTree {
    let root: URL
    var rootPath: String { root.path }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("taintline-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    @discardableResult
    func write(_ relative: String, _ text: String = "x = 1\n") throws -> String {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func mkdir(_ relative: String) throws -> String {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    func link(_ relative: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path(relative), withDestinationPath: target)
    }

    func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
}
