import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small HTTP/1.1 client over a TCP socket for `http://` URLs.
///
/// Written here rather than taken from Foundation because the probe must see the response as
/// sent: each `Set-Cookie` line separately, redirects unfollowed, methods such as `TRACE`.
/// Every request uses `Connection: close`; one deadline covers connect, send and receive.
struct SocketTransport: HTTPTransport {
    func send(_ request: HTTPRequest, timeout: Double) throws -> HTTPResponse {
        guard let host = request.url.host, !host.isEmpty else { throw HTTPFailure.malformed(reason: "URL has no host") }
        let port = request.url.port ?? 80
        let deadline = Date().addingTimeInterval(timeout)
        let fd = try connect(host: host, port: port, deadline: deadline, timeout: timeout)
        defer { close(fd) }
        try writeAll(fd, bytes: serialise(request, host: host, port: port), deadline: deadline, timeout: timeout)
        let raw = try readResponse(fd, method: request.method, deadline: deadline, timeout: timeout)
        return try Self.parse(raw, url: request.url, method: request.method)
    }

    private func serialise(_ request: HTTPRequest, host: String, port: Int) -> [UInt8] {
        var target = request.url.path.isEmpty ? "/" : request.url.path
        if let escapedPath = URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.percentEncodedPath, !escapedPath.isEmpty {
            target = escapedPath
        }
        if let query = request.url.query { target += "?" + query }
        var lines = ["\(request.method) \(target) HTTP/1.1"]
        let hostValue = host.contains(":") ? "[\(host)]" : host
        lines.append("Host: \(port == 80 ? hostValue : "\(hostValue):\(port)")")
        var names = Set<String>()
        for header in request.headers {
            lines.append("\(header.name): \(header.value)")
            names.insert(header.name.lowercased())
        }
        if !names.contains("user-agent") { lines.append("User-Agent: \(ProbeClient.userAgent)") }
        if !names.contains("accept") { lines.append("Accept: */*") }
        lines.append("Connection: close")
        if let body = request.body { lines.append("Content-Length: \(body.count)") }
        var bytes = Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
        if let body = request.body { bytes += body }
        return bytes
    }

    private func remaining(_ deadline: Date, _ timeout: Double) throws -> Int32 {
        let left = deadline.timeIntervalSinceNow
        if left <= 0 { throw HTTPFailure.timeout(seconds: timeout) }
        return Int32(min(left * 1000, Double(Int32.max)).rounded(.up))
    }

    private func connect(host: String, port: Int, deadline: Date, timeout: Double) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw HTTPFailure.unreachable(host: host, reason: "name not resolved (\(String(cString: gai_strerror(status))))")
        }
        defer { freeaddrinfo(first) }
        var lastError = "no address"
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            cursor = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            if fd < 0 { lastError = String(cString: strerror(errno)); continue }
            let flags = fcntl(fd, F_GETFL, 0)
            _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
            let result = Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen)
            if result == 0 { return fd }
            if errno != EINPROGRESS { lastError = String(cString: strerror(errno)); close(fd); continue }
            var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let ready = poll(&pfd, 1, try remaining(deadline, timeout))
            if ready == 0 { close(fd); throw HTTPFailure.timeout(seconds: timeout) }
            var soError: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length)
            if ready > 0 && soError == 0 { return fd }
            lastError = String(cString: strerror(soError != 0 ? soError : errno))
            close(fd)
        }
        throw HTTPFailure.unreachable(host: "\(host):\(port)", reason: lastError)
    }

    private func writeAll(_ fd: Int32, bytes: [UInt8], deadline: Date, timeout: Double) throws {
        var offset = 0
        while offset < bytes.count {
            var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            if poll(&pfd, 1, try remaining(deadline, timeout)) == 0 { throw HTTPFailure.timeout(seconds: timeout) }
            let sent = bytes.withUnsafeBytes { buffer in
                Glibc.send(fd, buffer.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                throw HTTPFailure.unreachable(host: "server", reason: "connection closed while sending (\(String(cString: strerror(errno))))")
            }
            offset += sent
        }
    }

    /// Reads until the server closes, the declared length arrives, or the limits are reached.
    private func readResponse(_ fd: Int32, method: String, deadline: Date, timeout: Double) throws -> [UInt8] {
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        var headerEnd: Int?
        var expectedTotal: Int?
        while true {
            if let expected = expectedTotal, data.count >= expected { break }
            if data.count > HTTPLimits.maxBody + HTTPLimits.maxHeaderBytes { break }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, try remaining(deadline, timeout))
            if ready == 0 { throw HTTPFailure.timeout(seconds: timeout) }
            if ready < 0 { if errno == EINTR { continue }; break }
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                if data.isEmpty { throw HTTPFailure.unreachable(host: "server", reason: String(cString: strerror(errno))) }
                break
            }
            if count == 0 { break }
            data.append(contentsOf: chunk[0..<count])
            if headerEnd == nil, let end = Self.findHeaderEnd(data) {
                headerEnd = end
                let head = String(decoding: data[0..<end], as: UTF8.self).lowercased()
                if method == "HEAD" || head.hasPrefix("http/1.1 204") || head.hasPrefix("http/1.1 304") {
                    expectedTotal = end
                } else if let length = Self.contentLength(head), !head.contains("transfer-encoding: chunked") {
                    expectedTotal = end + length
                }
            }
            if headerEnd == nil && data.count > HTTPLimits.maxHeaderBytes {
                throw HTTPFailure.malformed(reason: "headers larger than \(HTTPLimits.maxHeaderBytes) bytes")
            }
        }
        if data.isEmpty { throw HTTPFailure.malformed(reason: "the server closed the connection without answering") }
        return data
    }

    static func findHeaderEnd(_ data: [UInt8]) -> Int? {
        guard data.count >= 4 else { return nil }
        var i = 0
        while i + 3 < data.count {
            if data[i] == 13 && data[i + 1] == 10 && data[i + 2] == 13 && data[i + 3] == 10 { return i + 4 }
            i += 1
        }
        return nil
    }

    private static func contentLength(_ lowercasedHead: String) -> Int? {
        for line in lowercasedHead.split(separator: "\n") where line.hasPrefix("content-length:") {
            return Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return nil
    }

    /// Parses raw response bytes: status line, header lines, body (chunked or not).
    static func parse(_ raw: [UInt8], url: URL, method: String) throws -> HTTPResponse {
        guard let end = findHeaderEnd(raw) else { throw HTTPFailure.malformed(reason: "no end of headers") }
        let head = String(decoding: raw[0..<(end - 4)], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        guard !lines.isEmpty else { throw HTTPFailure.malformed(reason: "empty response") }
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else {
            throw HTTPFailure.malformed(reason: "bad status line '\(statusLine.prefix(80))'")
        }
        var headers: [HTTPHeader] = []
        for line in lines where !line.isEmpty {
            if (line.first == " " || line.first == "\t"), var last = headers.popLast() {
                last.value += " " + line.trimmingCharacters(in: .whitespaces)  // obsolete line folding
                headers.append(last)
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append(HTTPHeader(name: String(line[..<colon]).trimmingCharacters(in: .whitespaces),
                                      value: String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
        }
        var body = Array(raw[end...])
        var response = HTTPResponse(url: url, method: method, status: status, headers: headers, body: [])
        if response.header("Transfer-Encoding")?.lowercased().contains("chunked") == true {
            body = dechunk(body)
        } else if let lengthText = response.header("Content-Length"), let length = Int(lengthText), length >= 0, length < body.count {
            body = Array(body[0..<length])
        }
        if body.count > HTTPLimits.maxBody {
            body = Array(body[0..<HTTPLimits.maxBody])
            response.bodyTruncated = true
        }
        response.body = body
        return response
    }

    /// Decodes a chunked body; tolerates a missing last chunk (a cut connection).
    static func dechunk(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < data.count {
            var lineEnd = i
            while lineEnd + 1 < data.count && !(data[lineEnd] == 13 && data[lineEnd + 1] == 10) { lineEnd += 1 }
            guard lineEnd + 1 < data.count else { break }
            let sizeText = String(decoding: data[i..<lineEnd], as: UTF8.self).split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size >= 0 else { break }
            if size == 0 { break }
            let start = lineEnd + 2
            let stop = min(start + size, data.count)
            out.append(contentsOf: data[start..<stop])
            i = stop + 2
        }
        return out
    }
}
