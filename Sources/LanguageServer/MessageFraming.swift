import Foundation

/// LSP's base protocol: each message is a header block (`Content-Length: N`, optionally
/// `Content-Type`, each line ending in `\r\n`), a blank line, then N bytes of JSON. The framer
/// is fed whatever bytes a read returned, in pieces of any size, and hands out whole bodies; a
/// header it cannot use is reported and skipped, so one bad message never stops the stream.
public struct MessageFramer: Sendable {
    public enum Event: Equatable, Sendable {
        /// One message's body (its JSON, not yet parsed).
        case body([UInt8])
        /// A header block that cannot be used, and why; its bytes are dropped.
        case malformed(String)
    }

    /// A header block longer than this is not LSP (or lost its blank line): dropped.
    public static let maximumHeaderBytes = 8 << 10
    /// A body longer than this is skipped rather than held in memory.
    public let maximumBodyBytes: Int

    private var buffer: [UInt8] = []
    /// Where unread bytes start in `buffer` (dropped in bulk, not one message at a time).
    private var start = 0
    /// The body being waited for, once its header was read.
    private var expected: Int?
    /// Bytes of a body too large to keep, still to be skipped.
    private var skipping = 0

    public init(maximumBodyBytes: Int = 256 << 20) {
        self.maximumBodyBytes = maximumBodyBytes
    }

    public mutating func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// The next whole message or problem, or nil until more bytes come.
    public mutating func next() -> Event? {
        defer { compact() }
        if skipping > 0 {
            let dropped = min(skipping, buffer.count - start)
            start += dropped
            skipping -= dropped
            if skipping > 0 { return nil }
        }
        if let length = expected {
            guard buffer.count - start >= length else { return nil }
            let body = Array(buffer[start..<(start + length)])
            start += length
            expected = nil
            return .body(body)
        }
        guard let end = headerEnd() else {
            if buffer.count - start > Self.maximumHeaderBytes {
                start = buffer.count
                return .malformed("a header block longer than \(Self.maximumHeaderBytes) bytes without the blank line that ends it; dropped")
            }
            return nil
        }
        let header = String(decoding: buffer[start..<end], as: UTF8.self)
        start = end + 4
        switch Self.contentLength(header) {
        case .failure(let problem):
            return .malformed(problem.message)
        case .success(let length) where length > maximumBodyBytes:
            skipping = length
            return .malformed("a Content-Length of \(length) bytes is more than \(maximumBodyBytes); the message is skipped")
        case .success(let length):
            expected = length
            return next()
        }
    }

    struct Problem: Error { var message: String }

    /// The `Content-Length` of a header block (names are case-insensitive; other fields ignored).
    static func contentLength(_ header: String) -> Result<Int, Problem> {
        var found: Int?
        for line in header.components(separatedBy: "\r\n") where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { return .failure(Problem(message: "a header line without ':' (\(line.prefix(80)))")) }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard name == "content-length" else { continue }
            guard let length = Int(value), length >= 0, value.allSatisfy(\.isASCII) else {
                return .failure(Problem(message: "Content-Length '\(value.prefix(40))' is not a byte count"))
            }
            found = length
        }
        guard let found else { return .failure(Problem(message: "a header block without Content-Length")) }
        return .success(found)
    }

    /// The index of the `\r\n\r\n` that ends the header block, if it has come.
    private func headerEnd() -> Int? {
        var index = start
        while index + 3 < buffer.count {
            if buffer[index] == 13, buffer[index + 1] == 10, buffer[index + 2] == 13, buffer[index + 3] == 10 { return index }
            index += 1
        }
        return nil
    }

    private mutating func compact() {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 1 << 16 {
            buffer.removeFirst(start)
            start = 0
        }
    }

    /// One message framed for sending.
    public static func frame(_ body: [UInt8]) -> [UInt8] {
        Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
    }
}
