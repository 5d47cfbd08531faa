import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// HTTPS through Foundation (TLS and certificate checks come from the platform).
///
/// A delegate refuses every redirect so the probe sees the 3xx response itself; the session
/// keeps no cookies and no cache. Foundation joins repeated headers with ", ", so repeated
/// `Set-Cookie` lines are split again with `splitJoinedSetCookie`.
final class URLSessionTransport: NSObject, HTTPTransport, URLSessionTaskDelegate, @unchecked Sendable {
    private lazy var session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        return URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
    }()

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        completionHandler(nil)
    }

    func send(_ request: HTTPRequest, timeout: Double) throws -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        urlRequest.httpMethod = request.method
        urlRequest.httpShouldHandleCookies = false
        urlRequest.setValue(ProbeClient.userAgent, forHTTPHeaderField: "User-Agent")
        for header in request.headers { urlRequest.addValue(header.value, forHTTPHeaderField: header.name) }
        if let body = request.body { urlRequest.httpBody = Data(body) }

        final class Box: @unchecked Sendable { var data: Data?; var response: URLResponse?; var error: Error? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: urlRequest) { data, response, error in
            box.data = data
            box.response = response
            box.error = error
            done.signal()
        }
        task.resume()
        if done.wait(timeout: .now() + timeout + 1) == .timedOut {
            task.cancel()
            throw HTTPFailure.timeout(seconds: timeout)
        }
        if let error = box.error as NSError? { throw Self.failure(error, url: request.url, timeout: timeout) }
        guard let http = box.response as? HTTPURLResponse else { throw HTTPFailure.malformed(reason: "not an HTTP response") }
        var headers: [HTTPHeader] = []
        for (key, value) in http.allHeaderFields {
            guard let name = key as? String, let text = value as? String else { continue }
            if name.caseInsensitiveCompare("Set-Cookie") == .orderedSame {
                headers += splitJoinedSetCookie(text).map { HTTPHeader(name: name, value: $0) }
            } else {
                headers.append(HTTPHeader(name: name, value: text))
            }
        }
        headers.sort { $0.name.lowercased() < $1.name.lowercased() }
        var body = [UInt8](box.data ?? Data())
        var truncated = false
        if body.count > HTTPLimits.maxBody { body = Array(body[0..<HTTPLimits.maxBody]); truncated = true }
        return HTTPResponse(url: request.url, method: request.method, status: http.statusCode, headers: headers, body: body, bodyTruncated: truncated)
    }

    private static func failure(_ error: NSError, url: URL, timeout: Double) -> HTTPFailure {
        let host = url.host ?? url.absoluteString
        switch error.code {
        case NSURLErrorTimedOut: return .timeout(seconds: timeout)
        case NSURLErrorSecureConnectionFailed, NSURLErrorServerCertificateHasBadDate, NSURLErrorServerCertificateUntrusted,
             NSURLErrorServerCertificateHasUnknownRoot, NSURLErrorServerCertificateNotYetValid, NSURLErrorClientCertificateRejected,
             NSURLErrorClientCertificateRequired:
            return .tls(reason: "\(host): \(error.localizedDescription)")
        case NSURLErrorCannotFindHost, NSURLErrorDNSLookupFailed:
            return .unreachable(host: host, reason: "name not resolved")
        case NSURLErrorCannotConnectToHost, NSURLErrorNetworkConnectionLost, NSURLErrorNotConnectedToInternet:
            return .unreachable(host: host, reason: error.localizedDescription)
        default:
            let text = error.localizedDescription
            if text.lowercased().contains("ssl") || text.lowercased().contains("certificate") || text.lowercased().contains("tls") {
                return .tls(reason: "\(host): \(text)")
            }
            return .unreachable(host: host, reason: text)
        }
    }
}

/// Splits a `Set-Cookie` value that Foundation joined with ", " back into one value per
/// cookie. A comma starts a new cookie only when `name=` follows it; the comma inside an
/// `Expires=Wed, 21 Oct 2026 ...` date is followed by a day number, so it stays.
func splitJoinedSetCookie(_ joined: String) -> [String] {
    let bytes = Array(joined.utf8)
    var pieces: [String] = []
    var start = 0
    var i = 0
    while i < bytes.count {
        if bytes[i] == UInt8(ascii: ",") {
            var j = i + 1
            while j < bytes.count && bytes[j] == UInt8(ascii: " ") { j += 1 }
            var k = j
            while k < bytes.count, bytes[k] != UInt8(ascii: "="), bytes[k] != UInt8(ascii: ";"), bytes[k] != UInt8(ascii: ","), bytes[k] != UInt8(ascii: " ") { k += 1 }
            if k > j, k < bytes.count, bytes[k] == UInt8(ascii: "=") {
                pieces.append(String(decoding: bytes[start..<i], as: UTF8.self).trimmingCharacters(in: .whitespaces))
                start = j
                i = j
                continue
            }
        }
        i += 1
    }
    pieces.append(String(decoding: bytes[start...], as: UTF8.self).trimmingCharacters(in: .whitespaces))
    return pieces.filter { !$0.isEmpty }
}
