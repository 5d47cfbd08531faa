import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import Probe

/// A Python test app from `Apps/`, started on 127.0.0.1 with a free port and stopped by `stop()`
/// (call it in a `defer`). The app prints `PORT <n>` once it listens.
final class TestApp: @unchecked Sendable {
    let process = Process()
    let port: Int
    private let logURL: URL

    let scheme: String
    var base: String { "\(scheme)://127.0.0.1:\(port)" }

    init(_ script: String, environment extra: [String: String] = [:], scheme: String = "http") throws {
        let apps = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Apps")
        let python = ProcessInfo.processInfo.environment["TAINTLINE_TEST_PYTHON"] ?? "python3"
        self.scheme = scheme
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, apps.appendingPathComponent(script).path]
        process.currentDirectoryURL = apps
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        environment["PYTHONUNBUFFERED"] = "1"
        environment.merge(extra) { $1 }
        process.environment = environment
        logURL = FileManager.default.temporaryDirectory.appendingPathComponent("taintline-probe-\(script)-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = log  // a file, not a pipe: the server logs every request and must never block on it
        process.standardInput = FileHandle.nullDevice

        final class Buffer: @unchecked Sendable { let lock = NSLock(); var text = "" }
        let buffer = Buffer()
        output.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            buffer.lock.lock(); buffer.text += String(decoding: data, as: UTF8.self); buffer.lock.unlock()
        }
        try process.run()
        var found: Int?
        for _ in 0..<300 {  // up to 30 s for Python to import Flask and bind
            buffer.lock.lock(); let text = buffer.text; buffer.lock.unlock()
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("PORT ") }), let number = Int(line.dropFirst(5)) {
                found = number
                break
            }
            if !process.isRunning { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        output.fileHandleForReading.readabilityHandler = nil
        guard let found else {
            let log = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
            if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
            throw TestAppError(message: "\(script) did not start (are the packages of Tests/Support/requirements.lock installed for \(python)? Scripts/test.sh installs them and sets TAINTLINE_TEST_PYTHON):\n\(log.suffix(2000))")
        }
        port = found
        // Bounded readiness check.
        for attempt in 0..<50 {
            if scheme == "https" { break }  // its own certificate: readiness is the test's business
            if let url = URL(string: base + "/robots.txt"), (try? SocketTransport().send(HTTPRequest(url: url), timeout: 2)) != nil { break }
            if attempt == 49 { stop(); throw TestAppError(message: "\(script) on port \(found) never answered") }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    func stop() {
        if process.isRunning {
            // SIGKILL: the test runner's threads may block SIGTERM, and a child inherits that mask.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: logURL)
    }
}

struct TestAppError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// A TCP port on 127.0.0.1 that listens but never answers (the kernel completes the handshake),
/// for timeout tests. Closed by `close()`.
final class SilentListener {
    let fd: Int32
    let port: Int

    init?() {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0, listen(fd, 16) == 0 else { Glibc.close(fd); return nil }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        self.fd = fd
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { Glibc.close(fd) }
}
