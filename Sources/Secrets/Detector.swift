import Findings
import Foundation

/// One pass over a file's bytes: a switch on each byte finds candidate prefixes, then a
/// hand-written validator per provider checks the exact shape (and checksum where there is one).
/// Assignments to credential-like names are checked afterwards on the same line.
struct Detector {
    let b: UnsafeBufferPointer<UInt8>
    let kind: FileKind
    var hits: [Hit] = []

    private var lineNumber = 0
    private var lineStart = 0
    private var lineEnd = 0
    private var lines: [Range<Int>] = []

    /// `TokenShapes.startsShape`, held here so the per-byte test is a plain array read.
    private let startsShape = TokenShapes.startsShape

    init(b: UnsafeBufferPointer<UInt8>, kind: FileKind) {
        self.b = b
        self.kind = kind
    }

    mutating func run() {
        var start = 0
        var i = 0
        while i < b.count {
            if b[i] == 10 { lines.append(start..<i); start = i + 1 }
            i += 1
        }
        if start < b.count { lines.append(start..<b.count) }
        for (index, range) in lines.enumerated() {
            lineNumber = index + 1
            lineStart = range.lowerBound
            var end = range.upperBound
            if end > lineStart && b[end - 1] == 13 { end -= 1 }
            lineEnd = end
            let before = hits.count
            scanLine()
            // A generated bundle's long lines are code, not configuration: only provider tokens are looked for there.
            if !(kind.isScript && lineEnd - lineStart > 500) { assignments(firstHitOnLine: before) }
            if kind.isNetrc { netrcPasswords() }
            if kind.isDockerfile { dockerfileEnv(firstHitOnLine: before) }
            if hits.count > before {
                let allow = contains(Lit.allowlist, in: lineStart..<lineEnd)
                    || (index > 0 && contains(Lit.allowlistNextLine, in: lines[index - 1]))
                if allow { for h in before..<hits.count { hits[h].allowlisted = true } }
            }
        }
        awsSecretsNearKeyIDs()
    }

    // MARK: helpers

    @inline(__always) func at(_ i: Int) -> UInt8 { i < lineEnd && i >= lineStart ? b[i] : 0 }

    func lit(_ l: [UInt8], _ i: Int) -> Bool {
        guard i + l.count <= lineEnd else { return false }
        for k in 0..<l.count where b[i + k] != l[k] { return false }
        return true
    }

    func contains(_ l: [UInt8], in range: Range<Int>) -> Bool {
        guard range.count >= l.count, let first = l.first else { return false }
        var i = range.lowerBound
        while i + l.count <= range.upperBound {
            if b[i] == first {
                var ok = true
                for k in 1..<l.count where b[i + k] != l[k] { ok = false; break }
                if ok { return true }
            }
            i += 1
        }
        return false
    }

    /// End of the run of bytes satisfying `p` starting at `i` (exclusive), within the line.
    func run(_ i: Int, _ p: (UInt8) -> Bool) -> Int {
        var j = i
        while j < lineEnd && p(b[j]) { j += 1 }
        return j
    }

    func boundaryBefore(_ i: Int) -> Bool { i == lineStart || !Bytes.isWord(b[i - 1]) }

    func bytes(_ r: Range<Int>) -> [UInt8] { Array(b[r]) }

    mutating func add(_ rule: SecretRule, _ r: Range<Int>, secret: Range<Int>? = nil, confidence: Confidence? = nil, note: String? = nil, detail: String? = nil) {
        let s = secret ?? r
        // A provider prefix on documentation filler (`sk_live_xxxx...`, `AKIA...EXAMPLE`) is not a credential.
        if rule.descriptor.id != SecretRules.generic.descriptor.id && Placeholder.isTokenFiller(ArraySlice(b[s])) { return }
        // `.env.example` and friends hold samples; a real-looking token there is still worth a look, at low confidence.
        hits.append(Hit(rule: rule, line: lineNumber, lineStart: lineStart, lineEnd: lineEnd, replace: s, secret: bytes(s),
                        confidence: kind.isExample ? .low : confidence, note: note, detail: detail))
    }

    /// Exactly `count` bytes satisfying `p` at `i`, not followed by another such byte.
    func exact(_ i: Int, _ count: Int, _ p: (UInt8) -> Bool) -> Bool {
        let end = run(i, p)
        return end - i == count
    }

    // MARK: provider tokens

    mutating func scanLine() {
        var i = lineStart
        while i < lineEnd {
            let c = b[i]
            if i + 1 < lineEnd, startsShape[Int(c) << 8 | Int(b[i + 1])], let end = shapedToken(i) { i = end; continue }
            var next: Int? = nil
            switch c {
            case UInt8(ascii: "A"): next = aws(i) ?? google(i)
            case UInt8(ascii: "g"): next = github(i) ?? gitlab(i)
            case UInt8(ascii: "x"): next = slack(i)
            case UInt8(ascii: "h"): next = slackWebhook(i) ?? discordWebhook(i)
            case UInt8(ascii: "Q"): next = azureClientSecret(i)
            case UInt8(ascii: "B"), UInt8(ascii: "b"):
                if at(i + 1) == UInt8(ascii: "e") { next = bearer(i) } else if at(i + 1) == UInt8(ascii: "a") { next = basicHeader(i) ?? (kind.isPython ? basicAuth(i) : nil) }
            case UInt8(ascii: "a"): if kind.isPython && at(i + 1) == UInt8(ascii: "u") && at(i + 2) == UInt8(ascii: "t") { next = basicAuth(i) }
            case UInt8(ascii: "s"): next = stripe(i, Lit.skLive) ?? openAIOrAnthropic(i) ?? shopify(i)
            case UInt8(ascii: "r"): next = stripe(i, Lit.rkLive)
            case UInt8(ascii: "S"): next = sendgrid(i)
            case UInt8(ascii: "n"): next = npm(i)
            case UInt8(ascii: "p"): next = pypi(i)
            case UInt8(ascii: "d"): next = digitalocean(i)
            case UInt8(ascii: "e"): next = jwt(i)
            case UInt8(ascii: "-"): next = privateKey(i) ?? mailchimp(i)
            case UInt8(ascii: ":"): next = telegram(i) ?? urlPassword(i)
            default: break
            }
            i = max(i + 1, next ?? i + 1)
        }
    }

    /// A token from the `TokenShapes` table: prefix, body alphabet and length, then the shape's own check.
    mutating func shapedToken(_ i: Int) -> Int? {
        for index in TokenShapes.byFirstTwoBytes[Int(b[i]) << 8 | Int(b[i + 1])] {
            let shape = TokenShapes.all[index]
            guard lit(shape.prefix, i), boundaryBefore(i) else { continue }
            let start = i + shape.prefix.count
            let end = run(start, shape.body)
            let length = end - start
            guard length >= shape.minLength, length <= shape.maxLength, !Bytes.isAlnum(at(end)), at(end) != 95 else { continue }
            if let check = shape.check, !check(ArraySlice(b[start..<end])) { continue }
            add(shape.rule, shape.bodyOnly ? start..<end : i..<end, detail: shape.detail)
            return end
        }
        return nil
    }

    /// Microsoft Entra ID client secrets: `[\w~.]{3}\dQ~[\w~.-]{31,34}`, found at their `Q~`.
    mutating func azureClientSecret(_ i: Int) -> Int? {
        let isChar: (UInt8) -> Bool = { Bytes.isAlnum($0) || $0 == 95 || $0 == 126 || $0 == 46 }
        guard at(i + 1) == 126, i - 4 >= lineStart, Bytes.isDigit(b[i - 1]) else { return nil }
        let start = i - 4
        guard b[start..<(i - 1)].allSatisfy(isChar), start == lineStart || !(isChar(b[start - 1]) || b[start - 1] == 45) else { return nil }
        let end = run(i + 2, { isChar($0) || $0 == 45 })
        guard (31...34).contains(end - (i + 2)), TokenShapes.mixed(ArraySlice(b[(i + 2)..<end])) else { return nil }
        add(SecretRules.azureClientSecret, start..<end)
        return end
    }

    /// Mailchimp keys, found at their `-us<n>` suffix: 32 hex digits before it.
    mutating func mailchimp(_ i: Int) -> Int? {
        guard lit(Lit.mailchimpSuffix, i), i - 32 >= lineStart else { return nil }
        let digitsEnd = run(i + 3, Bytes.isDigit)
        guard (1...2).contains(digitsEnd - (i + 3)), !Bytes.isURLSafe(at(digitsEnd)) else { return nil }
        let start = i - 32
        guard b[start..<i].allSatisfy(Bytes.isLowerHex), TokenShapes.mixed(ArraySlice(b[start..<i])), start == lineStart || !Bytes.isURLSafe(b[start - 1]) else { return nil }
        add(SecretRules.mailchimp, start..<digitsEnd)
        return digitsEnd
    }

    mutating func discordWebhook(_ i: Int) -> Int? {
        guard let prefix = Lit.discordHooks.first(where: { lit($0, i) }) else { return nil }
        let idStart = i + prefix.count
        let idEnd = run(idStart, Bytes.isDigit)
        guard (17...20).contains(idEnd - idStart), at(idEnd) == 47 else { return nil }
        let end = run(idEnd + 1, Bytes.isURLSafe)
        guard (60...68).contains(end - (idEnd + 1)) else { return nil }
        add(SecretRules.discordWebhook, i..<end)
        return end
    }

    /// `Bearer <token>` written into a header value: an opaque token assigned by its context.
    mutating func bearer(_ i: Int) -> Int? {
        guard lit(Lit.bearer, i) || lit(Lit.bearerLower, i), boundaryBefore(i) else { return nil }
        let start = i + Lit.bearer.count
        let end = run(start, { Bytes.isURLSafe($0) || $0 == 46 || $0 == 126 || $0 == 43 || $0 == 47 || $0 == 61 })
        let token = Array(b[start..<end])
        // A JWT is reported by its own detector when the scan reaches it.
        guard !lit(Lit.eyJ, start), !Bytes.isURLSafe(at(end)), !Placeholder.isPlaceholder(token, key: nil),
              Generic.looksRandom(token, passwordLike: false) else { return nil }
        add(SecretRules.generic, start..<end, note: "It is sent as a bearer token.", detail: "bearer token")
        return end
    }

    /// `Basic <base64 of user:password>` written into an Authorization header.
    mutating func basicHeader(_ i: Int) -> Int? {
        guard lit(Lit.basicHeader, i), boundaryBefore(i) else { return nil }
        let start = i + Lit.basicHeader.count
        let end = run(start, { Bytes.isAlnum($0) || $0 == 43 || $0 == 47 || $0 == 61 })
        guard end - start >= 8, !Bytes.isURLSafe(at(end)), let decoded = Base64URL.decode(b[start..<end]),
              let colon = decoded.firstIndex(of: 58), colon > 0, decoded.allSatisfy({ $0 >= 32 && $0 < 127 }) else { return nil }
        let password = Array(decoded[(colon + 1)...])
        guard !Placeholder.isPlaceholder(password, key: "password"), Generic.looksRandom(password, passwordLike: true) else { return nil }
        add(SecretRules.urlPassword, start..<end, note: "It is an HTTP Basic Authorization header: the base64 text decodes to user:password.", detail: "basic auth header")
        return end
    }

    mutating func aws(_ i: Int) -> Int? {
        guard lit(Lit.akia, i) || lit(Lit.asia, i) || lit(Lit.abia, i) || lit(Lit.acca, i), boundaryBefore(i), exact(i + 4, 16, Bytes.isUpperAlnum), !Bytes.isLower(at(i + 20)) else { return nil }
        add(SecretRules.awsAccessKey, i..<i + 20, detail: lit(Lit.asia, i) ? "temporary (STS) key id" : "long-term key id")
        return i + 20
    }

    mutating func google(_ i: Int) -> Int? {
        guard lit(Lit.aiza, i), boundaryBefore(i), exact(i + 4, 35, Bytes.isURLSafe) else { return nil }
        add(SecretRules.google, i..<i + 39)
        return i + 39
    }

    /// GitHub's token checksum: the last 6 characters are the base-62 CRC-32 of the 30 before them.
    func checksumValid(_ bodyStart: Int) -> Bool {
        let expected = CRC32.base62(CRC32.checksum(UnsafeBufferPointer(rebasing: b[bodyStart..<bodyStart + 30])), width: 6)
        for k in 0..<6 where b[bodyStart + 30 + k] != expected[k] { return false }
        return true
    }

    mutating func github(_ i: Int) -> Int? {
        guard boundaryBefore(i) else { return nil }
        if lit(Lit.gh, i), Lit.ghKinds.contains(at(i + 2)), at(i + 3) == UInt8(ascii: "_") {
            guard exact(i + 4, 36, Bytes.isAlnum), checksumValid(i + 4) else { return nil }
            let kinds: [UInt8: String] = [112: "personal access token", 111: "OAuth token", 117: "user-to-server token", 115: "server-to-server token", 114: "refresh token"]
            add(SecretRules.github, i..<i + 40, detail: kinds[b[i + 2]])
            return i + 40
        }
        if lit(Lit.githubPat, i) {
            let end = run(i + 11, { Bytes.isAlnum($0) || $0 == 95 })
            guard end - (i + 11) >= 70 else { return nil }
            add(SecretRules.githubFineGrained, i..<end)
            return end
        }
        return nil
    }

    mutating func gitlab(_ i: Int) -> Int? {
        guard lit(Lit.glpat, i), boundaryBefore(i) else { return nil }
        let end = run(i + 6, Bytes.isURLSafe)
        guard end - (i + 6) >= 20 else { return nil }
        add(SecretRules.gitlab, i..<end)
        return end
    }

    mutating func slack(_ i: Int) -> Int? {
        guard lit(Lit.xox, i), boundaryBefore(i), Lit.slackKinds.contains(at(i + 3)), at(i + 4) == UInt8(ascii: "-") else { return nil }
        let end = run(i + 5, { Bytes.isAlnum($0) || $0 == 45 })
        let body = end - (i + 5)
        // Real tokens carry digit groups (`xoxb-1234-5678-...`); prose like `xoxb-token` does not.
        guard body >= 20, b[(i + 5)..<end].contains(where: Bytes.isDigit) else { return nil }
        add(SecretRules.slack, i..<end)
        return end
    }

    mutating func slackWebhook(_ i: Int) -> Int? {
        guard lit(Lit.slackHook, i) else { return nil }
        let start = i + Lit.slackHook.count
        let end = run(start, { Bytes.isAlnum($0) || $0 == 47 || $0 == 95 })
        guard end - start >= 20, b[start] == UInt8(ascii: "T") else { return nil }
        add(SecretRules.slackWebhook, i..<end)
        return end
    }

    mutating func stripe(_ i: Int, _ prefix: [UInt8]) -> Int? {
        guard lit(prefix, i), boundaryBefore(i) else { return nil }
        let end = run(i + 8, Bytes.isAlnum)
        guard end - (i + 8) >= 24 else { return nil }
        add(SecretRules.stripe, i..<end)
        return end
    }

    mutating func openAIOrAnthropic(_ i: Int) -> Int? {
        guard lit(Lit.skDash, i), boundaryBefore(i) else { return nil }
        if lit(Lit.skAnt, i) {
            let end = run(i + 7, Bytes.isURLSafe)
            guard end - (i + 7) >= 32 else { return nil }
            add(SecretRules.anthropic, i..<end)
            return end
        }
        if lit(Lit.skProj, i) {
            let end = run(i + 8, Bytes.isURLSafe)
            guard end - (i + 8) >= 40 else { return nil }
            add(SecretRules.openai, i..<end, detail: "project key")
            return end
        }
        guard exact(i + 3, 48, Bytes.isAlnum), !Bytes.isURLSafe(at(i + 51)) else { return nil }
        add(SecretRules.openai, i..<i + 51, detail: "legacy key")
        return i + 51
    }

    mutating func shopify(_ i: Int) -> Int? {
        guard lit(Lit.shpat, i) || lit(Lit.shpss, i), boundaryBefore(i), exact(i + 6, 32, Bytes.isHex) else { return nil }
        add(SecretRules.shopify, i..<i + 38)
        return i + 38
    }

    mutating func sendgrid(_ i: Int) -> Int? {
        guard lit(Lit.sg, i), boundaryBefore(i), exact(i + 3, 22, Bytes.isURLSafe), at(i + 25) == UInt8(ascii: "."),
              exact(i + 26, 43, Bytes.isURLSafe) else { return nil }
        add(SecretRules.sendgrid, i..<i + 69)
        return i + 69
    }

    mutating func npm(_ i: Int) -> Int? {
        guard lit(Lit.npm, i), boundaryBefore(i), exact(i + 4, 36, Bytes.isAlnum), checksumValid(i + 4) else { return nil }
        add(SecretRules.npm, i..<i + 40)
        return i + 40
    }

    mutating func pypi(_ i: Int) -> Int? {
        guard lit(Lit.pypi, i), boundaryBefore(i) else { return nil }
        let end = run(i + Lit.pypi.count, Bytes.isURLSafe)
        guard end - (i + Lit.pypi.count) >= 50 else { return nil }
        add(SecretRules.pypi, i..<end)
        return end
    }

    mutating func digitalocean(_ i: Int) -> Int? {
        guard lit(Lit.dop, i), boundaryBefore(i), exact(i + 7, 64, Bytes.isLowerHex), !Bytes.isURLSafe(at(i + 71)) else { return nil }
        add(SecretRules.digitalocean, i..<i + 71)
        return i + 71
    }

    mutating func jwt(_ i: Int) -> Int? {
        guard lit(Lit.eyJ, i), boundaryBefore(i) else { return nil }
        let headerEnd = run(i, Bytes.isURLSafe)
        guard headerEnd - i >= 10, at(headerEnd) == UInt8(ascii: "."), lit(Lit.eyJ, headerEnd + 1) else { return nil }
        let payloadEnd = run(headerEnd + 1, Bytes.isURLSafe)
        guard payloadEnd - headerEnd >= 10, at(payloadEnd) == UInt8(ascii: ".") else { return nil }
        let end = run(payloadEnd + 1, Bytes.isURLSafe)
        guard let header = Base64URL.decode(b[i..<headerEnd]),
              let object = try? JSONSerialization.jsonObject(with: Data(header)) as? [String: Any],
              let alg = object["alg"] as? String else { return nil }
        let unsigned = alg.lowercased() == "none" || end == payloadEnd + 1
        add(SecretRules.jwt, i..<end, note: unsigned ? "The token is unsigned (alg \(alg))." : "Signed with \(alg).", detail: "alg \(alg)")
        return end
    }

    mutating func privateKey(_ i: Int) -> Int? {
        guard lit(Lit.beginMarker, i) else { return nil }
        let labelEnd = run(i + Lit.beginMarker.count, { Bytes.isUpper($0) || $0 == 32 })
        // `... PRIVATE KEY` (PEM, PKCS#8, OpenSSH) or `PGP PRIVATE KEY BLOCK` (OpenPGP armor).
        let suffix = [Lit.privateKey, Lit.privateKeyBlock].first { labelEnd - $0.count >= i + Lit.beginMarker.count && lit($0, labelEnd - $0.count) }
        guard let suffix, lit(Lit.dashes, labelEnd) else { return nil }
        let headerEnd = labelEnd + 5
        // One line with `\n` escapes (a string literal), or a block over the following lines.
        var body: [UInt8] = []
        var replace = headerEnd..<headerEnd
        var continuation: [Range<Int>] = []
        if let endMarker = find(Lit.endMarker, from: headerEnd, to: lineEnd) {
            body = bytes(headerEnd..<endMarker)
            replace = headerEnd..<endMarker
        } else {
            // A block: base64 lines (and RFC 1421 headers such as `Proc-Type:`) up to an END marker.
            var index = lineNumber // next line's index in `lines`
            var closed = false
            while index < lines.count, index - lineNumber < 200 {
                let line = lines[index]
                if contains(Lit.endMarker, in: line) { closed = true; break }
                let content = b[line].filter { $0 != 32 && $0 != 9 && $0 != 13 }
                let isBase64 = content.allSatisfy { Bytes.isAlnum($0) || $0 == 43 || $0 == 47 || $0 == 61 }
                let isHeader = content.contains(58) && content.count < 100
                guard isBase64 || isHeader else { break }
                body += b[line]
                body.append(10)
                continuation.append(line)
                index += 1
            }
            if !closed { return nil }
        }
        // Documentation writes `...` or a few characters; a real key body is hundreds of base64 characters.
        let base64Count = body.filter { Bytes.isAlnum($0) || $0 == 43 || $0 == 47 }.count
        guard base64Count >= 64 else { return nil }
        let label = String(decoding: b[(i + Lit.beginMarker.count)..<(labelEnd - suffix.count)], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        hits.append(Hit(rule: SecretRules.privateKey, line: lineNumber, lineStart: lineStart, lineEnd: lineEnd, replace: replace,
                        secret: body, continuation: continuation, detail: label.isEmpty ? "PKCS#8" : label))
        return max(headerEnd, replace.upperBound)
    }

    func find(_ l: [UInt8], from: Int, to: Int) -> Int? {
        var i = from
        while i + l.count <= to {
            if b[i] == l[0] && lit(l, i) { return i }
            i += 1
        }
        return nil
    }

    mutating func telegram(_ i: Int) -> Int? {
        var j = i
        while j > lineStart && Bytes.isDigit(b[j - 1]) { j -= 1 }
        let digits = i - j
        guard (8...10).contains(digits), boundaryBefore(j), exact(i + 1, 35, Bytes.isURLSafe) else { return nil }
        add(SecretRules.telegram, j..<i + 36)
        return i + 36
    }

    mutating func urlPassword(_ i: Int) -> Int? {
        guard at(i + 1) == 47, at(i + 2) == 47 else { return nil }
        var s = i
        while s > lineStart && (Bytes.isAlnum(b[s - 1]) || b[s - 1] == 43 || b[s - 1] == 46 || b[s - 1] == 45) { s -= 1 }
        let scheme = String(decoding: b[s..<i], as: UTF8.self).lowercased()
        let base = scheme.split(separator: "+").first.map(String.init) ?? scheme
        guard Lit.passwordSchemes.contains(base) else { return nil }
        let userStart = i + 3
        var j = userStart
        var at: Int? = nil
        var colonSeen = false
        var query: Int? = nil
        while j < lineEnd {
            let c = b[j]
            if c == 64 { at = j }  // the last `@` before the path ends the user-info
            if c == 58 { colonSeen = true }
            if (c == 63 || c == 35) && query == nil { query = j }
            // `?` and `#` end the authority, except inside a password (`user:pa?ss@host`), which follows the colon.
            if c == 47 || ((c == 63 || c == 35) && !colonSeen) || c == 32 || c == 9 || c == 34 || c == 39 || c == 96 || c == 60 || c == 62 { break }
            j += 1
        }
        guard let atSign = at, let colon = b[userStart..<atSign].firstIndex(of: 58) else { return nil }
        // `host:8080?next=a@b`: the colon was a port's and the `@` is in the query.
        if let query, query < atSign, query > colon + 1, b[(colon + 1)..<query].allSatisfy(Bytes.isDigit) { return nil }
        let password = (colon + 1)..<atSign
        guard !password.isEmpty, !Placeholder.isPlaceholder(bytes(password), key: nil) else { return nil }
        // Documentation hosts (example.com, example.org) name no real server.
        let host = String(decoding: b[(atSign + 1)..<j], as: UTF8.self).lowercased()
        if host.contains("example") { return nil }
        add(SecretRules.urlPassword, password, confidence: kind.isFixtureOrDoc ? .low : nil, detail: scheme)
        return atSign
    }

    // MARK: assignments

    /// `name = value`, `name: value`, `"name": "value"` where the name looks like a credential.
    mutating func assignments(firstHitOnLine: Int) {
        var i = lineStart
        while i < lineEnd {
            let c = b[i]
            if c == 44 || c == 62 {
                if let end = (c == 44 ? quotedPair(comma: i, firstHitOnLine: firstHitOnLine) : xmlElement(close: i, firstHitOnLine: firstHitOnLine)) {
                    i = max(end, i + 1)
                } else {
                    i += 1
                }
                continue
            }
            guard c == 61 || c == 58 else { i += 1; continue }
            let prev = i > lineStart ? b[i - 1] : 0
            let next = at(i + 1)
            if c == 61 && (next == 61 || prev == 61 || prev == 33 || prev == 60 || prev == 62) { i += 1; continue }
            if c == 58 && next == 47 { i += 1; continue }
            // `key: value`, `"key":"value"`; a colon inside a word (`arn:aws:secretsmanager:...`, `aws:TagKeys`) assigns nothing.
            if c == 58 && !(next == 32 || next == 9 || next == 34 || next == 39 || next == 0 || next == 61 || prev == 34 || prev == 39) { i += 1; continue }
            var valueStart = i + 1
            // `:=` (Go, Make), `=>` (PHP arrays, Ruby hashes, Logstash).
            if (c == 58 && next == 61) || (c == 61 && next == 62) { valueStart += 1 }
            if let key = keyBefore(i), let end = assignment(key: key, valueStart: valueStart, firstHitOnLine: firstHitOnLine, inQuery: c == 61 && inQueryString(i)) {
                i = max(end, i + 1)
                continue
            }
            i += 1
        }
    }

    /// Whether the `=` at `op` follows a query parameter's name (`?apikey=`, `&token=`).
    func inQueryString(_ op: Int) -> Bool {
        var j = op
        while j > lineStart && (Bytes.isAlnum(b[j - 1]) || b[j - 1] == 95 || b[j - 1] == 45) { j -= 1 }
        return j < op && j > lineStart && (b[j - 1] == 63 || b[j - 1] == 38)
    }

    /// `("GITHUB_TOKEN", "value")`: a quoted name, a comma, a quoted value (`setProperty`, `os.environ.setdefault`, `config.set`).
    mutating func quotedPair(comma: Int, firstHitOnLine: Int) -> Int? {
        var j = comma
        while j > lineStart && (b[j - 1] == 32 || b[j - 1] == 9) { j -= 1 }
        guard j - 1 > lineStart, b[j - 1] == 34 || b[j - 1] == 39 else { return nil }
        let quote = b[j - 1]
        let nameEnd = j - 1
        var k = nameEnd
        while k > lineStart && (Bytes.isAlnum(b[k - 1]) || b[k - 1] == 95 || b[k - 1] == 45 || b[k - 1] == 46) { k -= 1 }
        guard k < nameEnd, k > lineStart, b[k - 1] == quote else { return nil }
        // The first two arguments of a call, not two items of a list (`__all__ = ["OAuth2Client", ...]`).
        var open = k - 1
        while open > lineStart && (b[open - 1] == 32 || b[open - 1] == 9) { open -= 1 }
        guard open > lineStart, b[open - 1] == 40 else { return nil }
        var v = comma + 1
        while v < lineEnd && (b[v] == 32 || b[v] == 9) { v += 1 }
        guard at(v) == 34 || at(v) == 39 else { return nil }
        var key: [UInt8] = b[k..<nameEnd].map { Bytes.isUpper($0) ? $0 + 32 : $0 }
        if let dot = key.lastIndex(of: 46) { key = Array(key[(dot + 1)...]) }
        return assignment(key: key, valueStart: v, firstHitOnLine: firstHitOnLine)
    }

    /// `<apiToken>value</apiToken>`: an XML element on one line named like a credential.
    mutating func xmlElement(close: Int, firstHitOnLine: Int) -> Int? {
        var k = close
        while k > lineStart && (Bytes.isAlnum(b[k - 1]) || b[k - 1] == 95 || b[k - 1] == 45 || b[k - 1] == 46) { k -= 1 }
        guard k < close, k > lineStart, b[k - 1] == 60 else { return nil }
        let valueStart = close + 1
        var end = valueStart
        while end < lineEnd && b[end] != 60 { end += 1 }
        guard at(end + 1) == 47, end > valueStart else { return nil }
        var key: [UInt8] = b[k..<close].map { Bytes.isUpper($0) ? $0 + 32 : $0 }
        if let dot = key.lastIndex(of: 46) { key = Array(key[(dot + 1)...]) }
        return judge(key: key, value: valueStart..<end, valueEnd: end, firstHitOnLine: firstHitOnLine)
    }

    /// Dockerfile `ENV NAME value` / `ARG NAME value` (the form without `=`).
    mutating func dockerfileEnv(firstHitOnLine: Int) {
        var i = lineStart
        while i < lineEnd && (b[i] == 32 || b[i] == 9) { i += 1 }
        guard lit(Lit.env, i) || lit(Lit.arg, i) else { return }
        let nameStart = i + 4
        let nameEnd = run(nameStart, { Bytes.isAlnum($0) || $0 == 95 || $0 == 45 || $0 == 46 })
        guard nameEnd > nameStart, at(nameEnd) == 32 || at(nameEnd) == 9 else { return }
        let key: [UInt8] = b[nameStart..<nameEnd].map { Bytes.isUpper($0) ? $0 + 32 : $0 }
        var v = nameEnd
        while v < lineEnd && (b[v] == 32 || b[v] == 9) { v += 1 }
        guard v < lineEnd, !hits[firstHitOnLine...].contains(where: { $0.replace.contains(v) }) else { return }
        _ = assignment(key: key, valueStart: v, firstHitOnLine: firstHitOnLine)
    }

    /// `HTTPBasicAuth('user', 'password')`, `auth=('user', 'password')`: the second string is a password.
    mutating func basicAuth(_ i: Int) -> Int? {
        guard let marker = Lit.basicAuthMarkers.first(where: { lit($0, i) }) else { return nil }
        var j = i + marker.count
        while j < lineEnd && (b[j] == 32 || b[j] == 9) { j += 1 }
        let quote = at(j)
        guard quote == 34 || quote == 39 else { return nil }
        var k = j + 1
        while k < lineEnd && b[k] != quote { k += 1 }
        var v = k + 1
        while v < lineEnd && (b[v] == 32 || b[v] == 9) { v += 1 }
        guard at(v) == 44 else { return nil }
        v += 1
        while v < lineEnd && (b[v] == 32 || b[v] == 9) { v += 1 }
        // The value is judged here; the line's assignment pass then sees it already reported.
        return assignment(key: Lit.netrcPassword, valueStart: v, firstHitOnLine: hits.count)
    }

    /// The name a value at `i` is assigned to (`name = "value"`, `name: value`), if any.
    func nameBefore(_ i: Int) -> [UInt8]? {
        var j = i
        while j > lineStart && (b[j - 1] == 32 || b[j - 1] == 9 || b[j - 1] == 34 || b[j - 1] == 39) { j -= 1 }
        guard j > lineStart, b[j - 1] == 61 || b[j - 1] == 58 else { return nil }
        return keyBefore(j - 1)
    }

    func keyBefore(_ op: Int) -> [UInt8]? {
        var j = op
        // Compound operators: `.=` (PHP), `?=` `+=` `::=` (Make), `||=`.
        while j > lineStart && (b[j - 1] == 46 || b[j - 1] == 63 || b[j - 1] == 43 || b[j - 1] == 58 || b[j - 1] == 124) && b[op] == 61 { j -= 1 }
        while j > lineStart && (b[j - 1] == 32 || b[j - 1] == 9) { j -= 1 }
        // Closing quotes and brackets, and the backslash of a quote escaped inside a JSON string (`\"password\":`).
        while j > lineStart && (b[j - 1] == 34 || b[j - 1] == 39 || b[j - 1] == 93 || b[j - 1] == 92) { j -= 1 }
        let end = j
        while j > lineStart && (Bytes.isAlnum(b[j - 1]) || b[j - 1] == 95 || b[j - 1] == 45 || b[j - 1] == 46) { j -= 1 }
        guard end > j else { return nil }
        var keyStart = j, keyEnd = end
        // Python annotations: in `password: str = "..."` the name is before the colon.
        if kind.isPython && b[op] == 61 {
            var k = j
            while k > lineStart && (b[k - 1] == 32 || b[k - 1] == 9) { k -= 1 }
            if k > lineStart && b[k - 1] == 58 {
                k -= 1
                while k > lineStart && (b[k - 1] == 32 || b[k - 1] == 9) { k -= 1 }
                let nameEnd = k
                while k > lineStart && (Bytes.isAlnum(b[k - 1]) || b[k - 1] == 95 || b[k - 1] == 46) { k -= 1 }
                if nameEnd > k { keyStart = k; keyEnd = nameEnd }
            }
        }
        // Go's `var githubToken string = "..."`: the name is before the type.
        if Lit.typeNames.contains(where: { $0.elementsEqual(b[keyStart..<keyEnd]) }) {
            var k = keyStart
            while k > lineStart && (b[k - 1] == 32 || b[k - 1] == 9) { k -= 1 }
            let nameEnd = k
            while k > lineStart && (Bytes.isAlnum(b[k - 1]) || b[k - 1] == 95) { k -= 1 }
            if nameEnd > k && k < keyStart { keyStart = k; keyEnd = nameEnd }
        }
        // The last dotted component, ASCII-lower-cased (`app.secret_key` -> `secret_key`).
        var key: [UInt8] = []
        key.reserveCapacity(keyEnd - keyStart)
        for k in keyStart..<keyEnd {
            let c = b[k]
            if c == 46 { key.removeAll(keepingCapacity: true); continue }
            key.append(Bytes.isUpper(c) ? c + 32 : c)
        }
        return key.isEmpty ? nil : key
    }

    static func isSensitive(_ bytes: [UInt8]) -> Bool {
        // Byte search: Foundation's String.contains is slow on Linux, and this runs at every `=` and `:`.
        guard Lit.sensitiveWordBytes.contains(where: { Bytes.contains(bytes, $0) }) || Generic.isPasswordName(bytes) || Generic.isKeyName(bytes) else { return false }
        return !Lit.nonSecretKeyPartBytes.contains(where: { Bytes.contains(bytes, $0) })
    }

    /// Checks the value after an assignment operator; returns where the value ends when reported.
    mutating func assignment(key keyBytes: [UInt8], valueStart: Int, firstHitOnLine: Int, inQuery: Bool = false) -> Int? {
        guard (kind.isPython && keyBytes == Lit.secretKey) || (Bytes.contains(keyBytes, Lit.aws) && Bytes.contains(keyBytes, Lit.secret))
              || Detector.isSensitive(keyBytes) else { return nil }
        var j = valueStart
        while j < lineEnd && (b[j] == 32 || b[j] == 9) { j += 1 }
        // Python string prefixes (r"", b""), but not f-strings: their fields are expressions.
        if kind.isPython && (at(j) == UInt8(ascii: "r") || at(j) == UInt8(ascii: "b") || at(j) == UInt8(ascii: "u")) && (at(j + 1) == 34 || at(j + 1) == 39) { j += 1 }
        var value: Range<Int>
        var valueEnd: Int
        let quote = at(j)
        if quote == 92 && (at(j + 1) == 34 || at(j + 1) == 39) {
            // A quoted value inside a JSON string (a notebook cell's source, an escaped config blob): `\"value\"`.
            let inner = at(j + 1)
            var k = j + 2
            while k + 1 < lineEnd && !(b[k] == 92 && b[k + 1] == inner) { k += 1 }
            guard k + 1 < lineEnd else { return nil }
            value = (j + 2)..<k
            valueEnd = k + 2
        } else if quote == 34 || quote == 39 || quote == 96 {
            var k = j + 1
            while k < lineEnd && b[k] != quote { if b[k] == 92 { k += 1 }; k += 1 }
            guard k < lineEnd else { return nil }
            value = (j + 1)..<k
            valueEnd = k + 1
            // A template filled in on the spot (`"VS%dTOOLS" % v`, `"...{}".format(x)`) is not the value.
            var after = valueEnd
            while after < lineEnd && (b[after] == 32 || b[after] == 9) { after += 1 }
            if at(after) == 37 || lit(Lit.dotFormat, after) { return nil }
        } else {
            // In code (Python, Swift, JavaScript, ...) an unquoted value is an expression, not a literal.
            if !kind.allowsUnquotedValues && !inQuery { return nil }
            // In a URL's query string (`?apikey=...&x=1`) the value ends at `&`, `#` or the string's quote.
            let end = inQuery ? run(j, { $0 != 38 && $0 != 35 && $0 != 34 && $0 != 39 && $0 != 32 && $0 != 96 })
                : run(j, { $0 != 32 && $0 != 9 && $0 != 44 && $0 != 59 && $0 != 125 && $0 != 93 })
            if b[j..<end].contains(where: { $0 == 40 || $0 == 41 || $0 == 91 || $0 == 92 }) { return nil }
            value = j..<end
            valueEnd = end
        }
        return judge(key: keyBytes, value: value, valueEnd: valueEnd, firstHitOnLine: firstHitOnLine)
    }

    /// Decides on a literal `value` written for the name `keyBytes`, wherever the pair came from
    /// (an assignment, an XML element, a Dockerfile `ENV`, a basic-auth pair).
    mutating func judge(key keyBytes: [UInt8], value: Range<Int>, valueEnd: Int, firstHitOnLine: Int) -> Int? {
        let isFrameworkKey = kind.isPython && keyBytes == Lit.secretKey
        let isAWSSecret = Bytes.contains(keyBytes, Lit.aws) && Bytes.contains(keyBytes, Lit.secret)
        let sensitive = Detector.isSensitive(keyBytes)
        guard isFrameworkKey || isAWSSecret || sensitive else { return nil }
        let key = String(decoding: keyBytes, as: UTF8.self)
        guard !value.isEmpty else { return nil }
        // Already reported as a provider token, password URL or key.
        if hits[firstHitOnLine...].contains(where: { $0.replace.overlaps(value) }) { return valueEnd }
        let v = b[value]
        // Google app passwords are four groups of four letters: the one value with blanks that is a credential.
        if v.contains(32) && Generic.isPasswordName(keyBytes) && Generic.isAppPassword(Array(v)) && !kind.isExample {
            add(SecretRules.generic, value, confidence: kind.isFixtureOrDoc ? .low : .medium, note: "It has the form of a Google app password.", detail: key)
            return valueEnd
        }
        if v.contains(32) || contains(Lit.schemeSeparator, in: value) { return nil }
        if Placeholder.isPlaceholder(Array(v), key: key) { return nil }
        let lowConfidence: Confidence? = kind.isFixtureOrDoc ? .low : nil
        if isFrameworkKey && v.count >= 8 {
            add(SecretRules.frameworkKey, value, confidence: lowConfidence)
            return valueEnd
        }
        let array = Array(v)
        // GitHub- or npm-shaped with a bad checksum: generated test data or a typo, not a live token.
        if array.count == 40, (array.starts(with: Lit.npm) || (array.starts(with: Lit.gh) && array[3] == 95)) { return nil }
        let entropy = Bytes.entropy(array[...])
        if isAWSSecret && array.count == 40 && array.allSatisfy({ Bytes.isAlnum($0) || $0 == 43 || $0 == 47 }) && entropy > 3.5 {
            add(SecretRules.awsSecretKey, value, confidence: lowConfidence)
            return valueEnd
        }
        guard sensitive, !kind.isExample else { return nil }
        return reportGeneric(key: keyBytes, value: value, valueEnd: valueEnd, confidence: lowConfidence)
    }

    /// A literal assigned to a credential-like name: reported when it looks like a password
    /// (for password names) or like random key material (for the others).
    mutating func reportGeneric(key keyBytes: [UInt8], value: Range<Int>, valueEnd: Int, confidence: Confidence?) -> Int? {
        let array = Array(b[value])
        let key = String(decoding: keyBytes, as: UTF8.self)
        let passwordLike = Generic.isPasswordName(keyBytes)
        if !passwordLike && Generic.isUUID(array) && Lit.uuidKeyWords.contains(where: { Bytes.contains(keyBytes, $0) }) {
            // Heroku, Snyk, Octopus and others issue UUIDs as API keys; a UUID under a secret's name is one.
            let heroku = Bytes.contains(keyBytes, Lit.heroku)
            add(heroku ? SecretRules.heroku : SecretRules.generic, value, confidence: confidence ?? (heroku ? nil : .medium),
                note: heroku ? nil : "It is assigned to `\(key)`.", detail: key)
            return valueEnd
        }
        guard Generic.looksRandom(array, passwordLike: passwordLike) else { return nil }
        // Named only `...key` (a weaker hint than secret, token or password): machine-made keys are long.
        if !passwordLike && array.count < 20 && !Lit.sensitiveWordBytes.contains(where: { Bytes.contains(keyBytes, $0) }) { return nil }
        let entropy = Bytes.entropy(array[...])
        let note = passwordLike ? "It is assigned to `\(key)`." : "It is assigned to `\(key)` and looks random (\(String(format: "%.1f", entropy)) bits per character)."
        add(SecretRules.generic, value, confidence: confidence ?? .medium, note: note, detail: key)
        return valueEnd
    }

    /// `.netrc`: `machine host login user password secret`, words separated by blanks.
    mutating func netrcPasswords() {
        var i = lineStart
        while i < lineEnd {
            guard lit(Lit.netrcPassword, i), i == lineStart || b[i - 1] == 32 || b[i - 1] == 9 else { i += 1; continue }
            var j = i + Lit.netrcPassword.count
            guard at(j) == 32 || at(j) == 9 else { i += 1; continue }
            while at(j) == 32 || at(j) == 9 { j += 1 }
            let end = run(j, { $0 != 32 && $0 != 9 })
            if end > j && !Placeholder.isPlaceholder(bytes(j..<end), key: "password") {
                _ = reportGeneric(key: Array("password".utf8), value: j..<end, valueEnd: end, confidence: nil)
            }
            i = max(end, i + 1)
        }
    }

    /// A 40-character base64 string on a line near an AWS access key id is its secret key.
    mutating func awsSecretsNearKeyIDs() {
        let keyLines = Set(hits.filter { $0.rule.descriptor.id == SecretRules.awsAccessKey.descriptor.id }.map(\.line))
        guard !keyLines.isEmpty else { return }
        let taken = Set(hits.filter { $0.rule.descriptor.id == SecretRules.awsSecretKey.descriptor.id }.map(\.line))
        var candidates = Set<Int>()
        for line in keyLines { for n in max(1, line - 3)...min(lines.count, line + 3) where !taken.contains(n) { candidates.insert(n) } }
        for n in candidates.sorted() {
            let range = lines[n - 1]
            lineNumber = n
            lineStart = range.lowerBound
            lineEnd = range.upperBound
            var i = lineStart
            while i < lineEnd {
                let isB64: (UInt8) -> Bool = { Bytes.isAlnum($0) || $0 == 43 || $0 == 47 }
                guard isB64(b[i]), i == lineStart || !(isB64(b[i - 1]) || b[i - 1] == 95 || b[i - 1] == 45) else { i += 1; continue }
                let end = run(i, isB64)
                let token = Array(b[i..<end])
                if token.count == 40, !token.allSatisfy(Bytes.isHex), token.contains(where: Bytes.isUpper), token.contains(where: Bytes.isLower),
                   token.contains(where: Bytes.isDigit), Bytes.entropy(token[...]) > 4.0, !hits.contains(where: { $0.line == n && $0.replace.overlaps(i..<end) }),
                   nameBefore(i).map({ Bytes.contains($0, Lit.secret) || Bytes.contains($0, Lit.aws) }) ?? true {
                    add(SecretRules.awsSecretKey, i..<end, confidence: .medium, note: "It is written near an AWS access key id.")
                }
                i = max(end, i + 1)
            }
        }
    }
}
