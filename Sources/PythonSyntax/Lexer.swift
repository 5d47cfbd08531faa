import Foundation

/// The tokenizer: CPython's rules for indentation, implicit line joining, numbers, strings
/// (PEP 701 f-strings are one token here; the parser reads their inside) and error messages.
///
/// Works on a buffer of UTF-8 bytes; every token records its byte range and start line/column.
struct Lexer {
    let p: UnsafeBufferPointer<UInt8>
    let n: Int
    var i: Int
    var line: Int32 = 1
    var lineStart: Int = 0
    var tokens: [Token] = []
    var errors: [SyntaxError] = []
    var comments: [Comment] = []
    var collectComments = true

    // Indentation.
    var indents: [Int] = [0]
    var altIndents: [Int] = [0]
    var atBOL = true
    // Open brackets: the byte, its offset, line and column.
    var parens: [(UInt8, Int32, Int32, Int32)] = []

    /// F-string replacement field mode: stop at `}`, `:`, `!` or `=` at bracket depth 0.
    var fieldMode = false
    var stopOffset = -1
    var stopByte: UInt8 = 0
    var fatal = false

    static let maxParenDepth = 200
    static let maxStringNesting = 150

    init(_ p: UnsafeBufferPointer<UInt8>, start: Int = 0, end: Int? = nil) {
        self.p = p
        self.n = end ?? p.count
        self.i = start
    }

    // MARK: positions and errors

    @inline(__always) var col: Int32 { Int32(i - lineStart) }

    mutating func error(_ message: String, at offset: Int, line l: Int32? = nil, lineStart ls: Int? = nil) {
        let ln = l ?? line
        let base = ls ?? lineStart
        errors.append(SyntaxError(message: message, line: Int(ln), column: offset - base + 1))
    }

    @inline(__always) mutating func emit(_ kind: TokenKind, _ s: Int, _ e: Int) {
        tokens.append(Token(kind: kind, multiline: false, start: Int32(s), end: Int32(e), line: line, col: Int32(s - lineStart)))
    }

    @inline(__always) mutating func newLine(at afterNewline: Int) {
        line += 1
        lineStart = afterNewline
    }

    /// Consumes a line end at `i` (`\n`, `\r\n` or `\r`) and starts a new line.
    @inline(__always) mutating func consumeNewline() {
        if p[i] == 13 && i + 1 < n && p[i + 1] == 10 { i += 2 } else { i += 1 }
        newLine(at: i)
    }

    // MARK: main loop

    mutating func tokenize() {
        tokens.reserveCapacity(n / 4 + 16)
        var blankLine = false
        while !fatal {
            if atBOL && parens.isEmpty && !fieldMode {
                atBOL = false
                blankLine = indentation()
                if fatal { break }
            }
            // Skip blanks.
            while i < n {
                let c = p[i]
                if c == 32 || c == 9 || c == 12 { i += 1 } else { break }
            }
            if i >= n { break }
            let c = p[i]
            let s = i
            switch c {
            case UInt8(ascii: "#"):
                while i < n && p[i] != 10 && p[i] != 13 { i += 1 }
                if collectComments {
                    comments.append(Comment(text: String(decoding: UnsafeBufferPointer(rebasing: p[s..<i]), as: UTF8.self), line: line, column: Int32(s - lineStart)))
                }
            case 10, 13:
                if parens.isEmpty && !blankLine && !fieldMode {
                    let e = (c == 13 && i + 1 < n && p[i + 1] == 10) ? i + 2 : i + 1
                    emit(.newline, s, e)
                }
                consumeNewline()
                if parens.isEmpty { atBOL = true }
                blankLine = false
            case UInt8(ascii: "\\"):
                if i + 1 < n && (p[i + 1] == 10 || p[i + 1] == 13) {
                    i += 1
                    consumeNewline()
                    if i >= n {
                        error("unexpected EOF while parsing", at: i)
                        fatal = true
                    }
                } else if i + 1 >= n {
                    error("unexpected EOF while parsing", at: i)
                    i += 1
                    fatal = true
                } else {
                    error("unexpected character after line continuation character", at: i + 1)
                    emit(.error, s, s + 1)
                    i += 1
                }
            case 0:
                error("source code cannot contain null bytes", at: i)
                emit(.error, s, s + 1)
                i += 1
                fatal = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                number()
            case UInt8(ascii: "."):
                if i + 1 < n && isDigit(p[i + 1]) {
                    number()
                } else if i + 2 < n && p[i + 1] == 46 && p[i + 2] == 46 {
                    i += 3
                    emit(.ellipsis, s, i)
                } else {
                    i += 1
                    emit(.dot, s, i)
                }
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                string(prefixStart: s)
            default:
                if isIdentStart(c) {
                    identifier()
                } else {
                    if fieldMode && parens.isEmpty && stopsField(c) {
                        stopOffset = i
                        stopByte = c
                        return
                    }
                    op()
                }
            }
        }
        if fieldMode {
            return
        }
        if fatal {
            tokens.append(Token(kind: .error, multiline: false, start: Int32(min(i, n)), end: Int32(min(i, n)), line: line, col: Int32(min(i, n) - lineStart)))
        }
        // End of input: close the logical line, report open brackets, dedent.
        if let last = tokens.last, last.kind != .newline && last.kind != .dedent && last.kind != .indent {
            tokens.append(Token(kind: .newline, multiline: false, start: Int32(n), end: Int32(n), line: line, col: Int32(n - lineStart)))
        }
        if let open = parens.first, !fatal {
            _ = open
            let o = parens.last!
            errors.append(SyntaxError(message: "'\(Character(Unicode.Scalar(o.0)))' was never closed", line: Int(o.2), column: Int(o.3) + 1))
        }
        while indents.count > 1 {
            indents.removeLast()
            tokens.append(Token(kind: .dedent, multiline: false, start: Int32(n), end: Int32(n), line: line, col: Int32(n - lineStart)))
        }
        tokens.append(Token(kind: .endMarker, multiline: false, start: Int32(n), end: Int32(n), line: line, col: Int32(n - lineStart)))
    }

    @inline(__always) func stopsField(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "}"), UInt8(ascii: ":"): return true
        case UInt8(ascii: "!"), UInt8(ascii: "="): return !(i + 1 < n && p[i + 1] == 61)
        default: return false
        }
    }

    /// Measures the indentation of a new line and emits INDENT/DEDENT. Returns true for a blank
    /// line (only whitespace or a comment), which produces no tokens.
    mutating func indentation() -> Bool {
        var col = 0
        var alt = 0
        // Column of the first backslash continuation met in the indentation (0: none, or at
        // column 0; CPython's `cont_line_col` has the same quirk).
        var contCol = 0
        while i < n {
            let c = p[i]
            if c == 32 { col += 1; alt += 1 }
            else if c == 9 { col = (col / 8 + 1) * 8; alt += 1 }
            else if c == 12 { col = 0; alt = 0 }
            else if c == 92 && i + 1 < n && (p[i + 1] == 10 || p[i + 1] == 13) {
                // CPython's tokenizer measures indentation across continuation lines: the
                // blanks after `\` and the line break count too, unless a backslash was met
                // at a column > 0, whose column is then the indentation.
                let after = i + 1 + ((p[i + 1] == 13 && i + 2 < n && p[i + 2] == 10) ? 2 : 1)
                if after >= n { break }  // `\` and the end of input: the main loop reports it
                if contCol == 0 { contCol = col }
                i += 1
                consumeNewline()
                continue
            }
            else { break }
            i += 1
        }
        if i >= n { return true }
        let c = p[i]
        if c == 35 || c == 10 || c == 13 { return true }
        if contCol != 0 {
            col = contCol
            alt = contCol
        }
        let top = indents[indents.count - 1]
        // CPython reports these tokenizer errors at column 1 (TabError, too deep) or just past
        // the end of the line (unindent); the same positions here.
        if col == top {
            if alt != altIndents[altIndents.count - 1] {
                error("inconsistent use of tabs and spaces in indentation", at: lineStart)
                emit(.error, i, i)
                fatal = true
            }
        } else if col > top {
            if alt <= altIndents[altIndents.count - 1] {
                error("inconsistent use of tabs and spaces in indentation", at: lineStart)
                emit(.error, i, i)
                fatal = true
                return false
            }
            if indents.count >= 100 {
                error("too many levels of indentation", at: lineStart)
                emit(.error, i, i)
                fatal = true
                return false
            }
            indents.append(col)
            altIndents.append(alt)
            emit(.indent, i, i)
        } else {
            while indents.count > 1 && col < indents[indents.count - 1] {
                indents.removeLast()
                altIndents.removeLast()
                emit(.dedent, i, i)
            }
            if col != indents[indents.count - 1] {
                var e = i
                while e < n && p[e] != 10 && p[e] != 13 { e += 1 }
                error("unindent does not match any outer indentation level", at: e)
                emit(.error, i, i)
                fatal = true
            } else if alt != altIndents[altIndents.count - 1] {
                error("inconsistent use of tabs and spaces in indentation", at: lineStart)
                emit(.error, i, i)
                fatal = true
            }
        }
        return false
    }

    // MARK: identifiers

    mutating func identifier() {
        let s = i
        var ascii = true
        while i < n {
            let c = p[i]
            if !isIdentChar(c) { break }
            if c >= 0x80 { ascii = false }
            i += 1
        }
        let len = i - s
        if i < n && (p[i] == 34 || p[i] == 39) && len <= 2 && isStringPrefix(s, len) {
            string(prefixStart: s)
            return
        }
        if !ascii && !validUnicodeIdentifier(s, i) { return }
        if let kw = keywordKind(p, s, len) {
            emit(kw, s, i)
        } else {
            emit(.name, s, i)
        }
    }

    func isStringPrefix(_ s: Int, _ len: Int) -> Bool {
        @inline(__always) func lower(_ c: UInt8) -> UInt8 { c | 0x20 }
        if len == 1 {
            switch lower(p[s]) {
            case UInt8(ascii: "r"), UInt8(ascii: "u"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "t"): return p[s] < 0x80
            default: return false
            }
        }
        let a = lower(p[s]), b = lower(p[s + 1])
        if p[s] >= 0x80 || p[s + 1] >= 0x80 { return false }
        let r = UInt8(ascii: "r")
        if a == r { return b == UInt8(ascii: "b") || b == UInt8(ascii: "f") || b == UInt8(ascii: "t") }
        if b == r { return a == UInt8(ascii: "b") || a == UInt8(ascii: "f") || a == UInt8(ascii: "t") }
        return false
    }

    /// Checks a non-ASCII identifier against XID_Start/XID_Continue; reports CPython's
    /// "invalid character" error otherwise.
    mutating func validUnicodeIdentifier(_ s: Int, _ e: Int) -> Bool {
        let text = String(decoding: UnsafeBufferPointer(rebasing: p[s..<e]), as: UTF8.self)
        var first = true
        var off = s
        for scalar in text.unicodeScalars {
            let ok = first ? (scalar.properties.isXIDStart || scalar == "_") : scalar.properties.isXIDContinue
            if !ok {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                let padded = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                let printable = scalar.properties.generalCategory != .control && scalar.properties.generalCategory != .format
                    && scalar.properties.generalCategory != .unassigned && scalar.properties.generalCategory != .privateUse
                    && scalar.properties.generalCategory != .surrogate
                let desc = printable ? "invalid character '\(Character(scalar))' (U+\(padded))" : "invalid non-printable character U+\(padded)"
                error(desc, at: off)
                tokens.append(Token(kind: .error, multiline: false, start: Int32(off), end: Int32(off + Int(UTF8.width(scalar))), line: line, col: Int32(off - lineStart)))
                fatal = true
                return false
            }
            first = false
            off += UTF8.width(scalar)
        }
        return true
    }

    // MARK: numbers

    mutating func number() {
        let s = i
        var kindName = "decimal"
        @inline(__always) func digits(_ ok: (UInt8) -> Bool) -> Bool {
            // Digits with single underscores between them; returns false on a bad underscore.
            while i < n {
                if ok(p[i]) { i += 1; continue }
                if p[i] == 95 {
                    if i + 1 < n && ok(p[i + 1]) { i += 2; continue }
                    i += 1
                    return false
                }
                break
            }
            return true
        }
        if p[i] == 48 && i + 1 < n && (p[i + 1] | 0x20 == UInt8(ascii: "x") || p[i + 1] | 0x20 == UInt8(ascii: "o") || p[i + 1] | 0x20 == UInt8(ascii: "b")) {
            let kc = p[i + 1] | 0x20
            i += 2
            let isHex = kc == UInt8(ascii: "x")
            let isOct = kc == UInt8(ascii: "o")
            kindName = isHex ? "hexadecimal" : isOct ? "octal" : "binary"
            let ok: (UInt8) -> Bool = isHex ? { isDigit($0) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 102) } : isOct ? { $0 >= 48 && $0 <= 55 } : { $0 == 48 || $0 == 49 }
            if i < n && p[i] == 95 { i += 1 }
            if i >= n || !ok(p[i]) {
                if i < n && isDigit(p[i]) {
                    error("invalid digit '\(Character(Unicode.Scalar(p[i])))' in \(kindName) literal", at: i)
                } else {
                    error("invalid \(kindName) literal", at: i - 1 + (i < n ? 1 : 0) - (i < n && isIdentChar(p[i]) ? 0 : 0))
                }
                skipBadNumber(s)
                return
            }
            if !digits(ok) {
                error("invalid \(kindName) literal", at: i - 1)
                skipBadNumber(s)
                return
            }
            if i < n && isDigit(p[i]) {
                error("invalid digit '\(Character(Unicode.Scalar(p[i])))' in \(kindName) literal", at: i)
                skipBadNumber(s)
                return
            }
            finishNumber(s, kindName)
            return
        }
        var isFloat = false
        if p[i] != 46 {
            let leadingZero = p[i] == 48
            if !digits(isDigit) {
                error("invalid decimal literal", at: i - 1)
                skipBadNumber(s)
                return
            }
            if leadingZero {
                // "0" followed by non-zero digits is only valid as a float.
                var allZero = true
                for k in s..<i where p[k] != 48 && p[k] != 95 { allZero = false }
                let floatFollows = i < n && (p[i] == 46 || p[i] | 0x20 == UInt8(ascii: "e") || p[i] | 0x20 == UInt8(ascii: "j"))
                if !allZero && !floatFollows {
                    error("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", at: s)
                    skipBadNumber(s)
                    return
                }
            }
        }
        if i < n && p[i] == 46 {
            isFloat = true
            i += 1
            if i < n && isDigit(p[i]) {
                if !digits(isDigit) {
                    error("invalid decimal literal", at: i - 1)
                    skipBadNumber(s)
                    return
                }
            }
        }
        if i < n && p[i] | 0x20 == UInt8(ascii: "e") {
            let save = i
            i += 1
            if i < n && (p[i] == 43 || p[i] == 45) { i += 1 }
            if i < n && isDigit(p[i]) {
                isFloat = true
                if !digits(isDigit) {
                    error("invalid decimal literal", at: i - 1)
                    skipBadNumber(s)
                    return
                }
            } else {
                // `1e` / `1else`: the keyword check below decides.
                i = save
                if !followedByAllowedKeyword(i) {
                    error("invalid decimal literal", at: s)
                    skipBadNumber(s)
                    return
                }
            }
        }
        _ = isFloat
        if i < n && p[i] | 0x20 == UInt8(ascii: "j") { i += 1 }
        finishNumber(s, kindName)
    }

    /// CPython's `verify_end_of_number`: a number directly followed by a letter is an error,
    /// except before the keywords `and else for if in is not or` (a warning in CPython).
    mutating func finishNumber(_ s: Int, _ kindName: String) {
        if i < n && isIdentChar(p[i]) {
            if followedByAllowedKeyword(i) {
                emit(.number, s, i)
                return
            }
            error("invalid \(kindName) literal", at: kindName == "decimal" ? s : i)
            skipBadNumber(s)
            return
        }
        emit(.number, s, i)
    }

    func followedByAllowedKeyword(_ at: Int) -> Bool {
        for kw in ["and", "else", "for", "if", "in", "is", "not", "or"] {
            let u = Array(kw.utf8)
            if at + u.count <= n {
                var ok = true
                for k in 0..<u.count where p[at + k] != u[k] { ok = false; break }
                if ok { return true }
            }
        }
        return false
    }

    mutating func skipBadNumber(_ s: Int) {
        while i < n && (isIdentChar(p[i]) || p[i] == 46) { i += 1 }
        tokens.append(Token(kind: .error, multiline: false, start: Int32(s), end: Int32(i), line: line, col: Int32(s - lineStart)))
    }

    // MARK: strings

    /// Scans a string literal whose prefix starts at `prefixStart` and whose quote is at `i`
    /// (after any prefix letters). Emits one `.string` token (f-strings included).
    mutating func string(prefixStart: Int) {
        var isF = false
        var raw = false
        for k in prefixStart..<i {
            let c = p[k] | 0x20
            if c == UInt8(ascii: "f") || c == UInt8(ascii: "t") { isF = true }
            if c == UInt8(ascii: "r") { raw = true }
        }
        let startLine = line
        let startLineStart = lineStart
        if !scanStringBody(raw: raw, isF: isF, depth: 0) {
            fatal = true
            tokens.append(Token(kind: .error, multiline: false, start: Int32(prefixStart), end: Int32(i), line: startLine, col: Int32(prefixStart - startLineStart)))
            return
        }
        tokens.append(Token(kind: .string, multiline: startLine != line, start: Int32(prefixStart), end: Int32(i), line: startLine, col: Int32(prefixStart - startLineStart)))
    }

    /// `i` at the opening quote. On success `i` is past the closing quote. On failure the error
    /// is recorded (unterminated string) and false returned.
    mutating func scanStringBody(raw: Bool, isF: Bool, depth: Int) -> Bool {
        let q = p[i]
        let quoteStart = i
        let qLine = line
        let qLineStart = lineStart
        var triple = false
        if i + 2 < n && p[i + 1] == q && p[i + 2] == q {
            triple = true
            i += 3
        } else {
            i += 1
        }
        if depth > Lexer.maxStringNesting {
            error("too many nested f-strings", at: quoteStart)
            return false
        }
        while true {
            if i >= n {
                unterminated(triple: triple, quoteStart: quoteStart, qLine: qLine, qLineStart: qLineStart)
                return false
            }
            let c = p[i]
            if c == q {
                if !triple { i += 1; return true }
                if i + 2 < n && p[i + 1] == q && p[i + 2] == q { i += 3; return true }
                i += 1
                continue
            }
            switch c {
            case 92:  // backslash
                i += 1
                if i < n {
                    // A backslash does not escape a brace of an f-string: in `rf'\{{'` the
                    // `{{` is still a literal brace and in `f'\{x}'` `{x}` a field.
                    if p[i] == 10 || p[i] == 13 { consumeNewline() } else if !(isF && p[i] == UInt8(ascii: "{")) { i += 1 }
                }
            case 10, 13:
                if !triple {
                    unterminated(triple: false, quoteStart: quoteStart, qLine: qLine, qLineStart: qLineStart)
                    return false
                }
                consumeNewline()
            case 0:
                error("source code cannot contain null bytes", at: i)
                return false
            case UInt8(ascii: "{") where isF:
                if i + 1 < n && p[i + 1] == UInt8(ascii: "{") { i += 2; continue }
                i += 1
                if !skipField(quote: q, triple: triple, depth: depth) {
                    if errors.isEmpty || fatalErrorPending {
                        unterminated(triple: triple, quoteStart: quoteStart, qLine: qLine, qLineStart: qLineStart)
                    }
                    return false
                }
            default:
                i += 1
            }
        }
    }

    var fatalErrorPending: Bool { false }

    mutating func unterminated(triple: Bool, quoteStart: Int, qLine: Int32, qLineStart: Int) {
        // CPython reports the line the tokenizer had reached.
        let detected = triple ? lastLineNumber() : Int(qLine)
        let msg = triple ? "unterminated triple-quoted string literal (detected at line \(detected))"
                         : "unterminated string literal (detected at line \(detected))"
        error(msg, at: quoteStart, line: qLine, lineStart: qLineStart)
    }

    func lastLineNumber() -> Int {
        // The number of the last line of the input, as CPython counts it at EOF.
        var l = Int(line)
        if n > 0 && (p[n - 1] == 10 || p[n - 1] == 13) && i >= n { l -= 1 }
        return max(l, 1)
    }

    /// Skips an f-string replacement field (after its `{`) up to and including its `}`.
    mutating func skipField(quote: UInt8, triple: Bool, depth: Int) -> Bool {
        var brackets = 0
        while i < n {
            let c = p[i]
            switch c {
            case 34, 39:
                if !scanStringBody(raw: false, isF: false, depth: depth + 1) { return false }
            case 10, 13:
                consumeNewline()
            case UInt8(ascii: "#"):
                while i < n && p[i] != 10 && p[i] != 13 { i += 1 }
            case 92:
                i += 1
                if i < n { i += 1 }
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
                brackets += 1
                i += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"):
                brackets -= 1
                i += 1
            case UInt8(ascii: "}"):
                i += 1
                if brackets <= 0 { return true }
                brackets -= 1
            case UInt8(ascii: ":") where brackets <= 0:
                i += 1
                return skipFormatSpec(quote: quote, triple: triple, depth: depth)
            default:
                if isIdentStart(c) {
                    let s = i
                    while i < n && isIdentChar(p[i]) { i += 1 }
                    if i < n && (p[i] == 34 || p[i] == 39) && i - s <= 2 && isStringPrefix(s, i - s) {
                        var nestedF = false
                        var nestedRaw = false
                        for k in s..<i {
                            let l = p[k] | 0x20
                            if l == UInt8(ascii: "f") || l == UInt8(ascii: "t") { nestedF = true }
                            if l == UInt8(ascii: "r") { nestedRaw = true }
                        }
                        if !scanStringBody(raw: nestedRaw, isF: nestedF, depth: depth + 1) { return false }
                    }
                } else {
                    i += 1
                }
            }
        }
        return false
    }

    mutating func skipFormatSpec(quote: UInt8, triple: Bool, depth: Int) -> Bool {
        while i < n {
            let c = p[i]
            if c == quote {
                if !triple { return false }
                if i + 2 < n && p[i + 1] == quote && p[i + 2] == quote { return false }
            }
            switch c {
            case UInt8(ascii: "{"):
                i += 1
                if !skipField(quote: quote, triple: triple, depth: depth + 1) { return false }
            case UInt8(ascii: "}"):
                i += 1
                return true
            case 10, 13:
                if !triple { return false }
                consumeNewline()
            case 92:
                i += 1
                if i < n { i += 1 }
            default:
                i += 1
            }
        }
        return false
    }

    // MARK: operators

    mutating func op() {
        let s = i
        let c = p[i]
        let c1: UInt8 = i + 1 < n ? p[i + 1] : 0
        let c2: UInt8 = i + 2 < n ? p[i + 2] : 0
        var kind: TokenKind
        var len = 1
        switch c {
        case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
            kind = c == 40 ? .lpar : c == 91 ? .lsqb : .lbrace
            if parens.count >= Lexer.maxParenDepth {
                error("too many nested parentheses", at: i)
                emit(.error, s, s + 1)
                fatal = true
                return
            }
            parens.append((c, Int32(i), line, Int32(i - lineStart)))
        case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
            kind = c == 41 ? .rpar : c == 93 ? .rsqb : .rbrace
            guard let open = parens.last else {
                error("unmatched '\(Character(Unicode.Scalar(c)))'", at: i)
                i += 1
                tokens.append(Token(kind: .error, multiline: false, start: Int32(s), end: Int32(i), line: line, col: Int32(s - lineStart)))
                return
            }
            let expected: UInt8 = open.0 == 40 ? 41 : open.0 == 91 ? 93 : 125
            if expected != c {
                let where_ = open.2 != line ? " on line \(open.2)" : ""
                error("closing parenthesis '\(Character(Unicode.Scalar(c)))' does not match opening parenthesis '\(Character(Unicode.Scalar(open.0)))'\(where_)", at: i)
                i += 1
                tokens.append(Token(kind: .error, multiline: false, start: Int32(s), end: Int32(i), line: line, col: Int32(s - lineStart)))
                fatal = true
                return
            }
            parens.removeLast()
        case UInt8(ascii: ":"): kind = .colon; if c1 == 61 { kind = .colonEqual; len = 2 }
        case UInt8(ascii: ","): kind = .comma
        case UInt8(ascii: ";"): kind = .semi
        case UInt8(ascii: "+"): kind = .plus; if c1 == 61 { kind = .plusEqual; len = 2 }
        case UInt8(ascii: "-"):
            kind = .minus
            if c1 == 61 { kind = .minEqual; len = 2 } else if c1 == 62 { kind = .rarrow; len = 2 }
        case UInt8(ascii: "*"):
            kind = .star
            if c1 == 42 { kind = .doubleStar; len = 2; if c2 == 61 { kind = .doubleStarEqual; len = 3 } }
            else if c1 == 61 { kind = .starEqual; len = 2 }
        case UInt8(ascii: "/"):
            kind = .slash
            if c1 == 47 { kind = .doubleSlash; len = 2; if c2 == 61 { kind = .doubleSlashEqual; len = 3 } }
            else if c1 == 61 { kind = .slashEqual; len = 2 }
        case UInt8(ascii: "|"): kind = .vbar; if c1 == 61 { kind = .vbarEqual; len = 2 }
        case UInt8(ascii: "&"): kind = .amper; if c1 == 61 { kind = .amperEqual; len = 2 }
        case UInt8(ascii: "<"):
            kind = .less
            if c1 == 61 { kind = .lessEqual; len = 2 }
            else if c1 == 60 { kind = .leftShift; len = 2; if c2 == 61 { kind = .leftShiftEqual; len = 3 } }
            else if c1 == 62 { kind = .notEqual; len = 2; barryError(s) }
        case UInt8(ascii: ">"):
            kind = .greater
            if c1 == 61 { kind = .greaterEqual; len = 2 }
            else if c1 == 62 { kind = .rightShift; len = 2; if c2 == 61 { kind = .rightShiftEqual; len = 3 } }
        case UInt8(ascii: "="): kind = .equal; if c1 == 61 { kind = .eqEqual; len = 2 }
        case UInt8(ascii: "!"): kind = .exclamation; if c1 == 61 { kind = .notEqual; len = 2 }
        case UInt8(ascii: "%"): kind = .percent; if c1 == 61 { kind = .percentEqual; len = 2 }
        case UInt8(ascii: "~"): kind = .tilde
        case UInt8(ascii: "^"): kind = .circumflex; if c1 == 61 { kind = .circumflexEqual; len = 2 }
        case UInt8(ascii: "@"): kind = .at; if c1 == 61 { kind = .atEqual; len = 2 }
        default:
            // Anything else is not Python.
            if c >= 0x80 {
                _ = validUnicodeIdentifier(i, min(n, i + 4))
                if !fatal { i += 1 }
                return
            }
            let desc = (c >= 32 && c < 127) ? "invalid character '\(Character(Unicode.Scalar(c)))' (U+\(String(format: "%04X", c)))" : "invalid non-printable character U+\(String(format: "%04X", c))"
            if c == UInt8(ascii: "$") || c == UInt8(ascii: "?") || c == UInt8(ascii: "`") {
                // CPython's tokenizer returns an error token; the parser says "invalid syntax".
                error("invalid syntax", at: i)
            } else {
                error(desc, at: i)
            }
            i += 1
            tokens.append(Token(kind: .error, multiline: false, start: Int32(s), end: Int32(i), line: line, col: Int32(s - lineStart)))
            return
        }
        i += len
        emit(kind, s, i)
    }

    mutating func barryError(_ s: Int) {
        // `<>` is only valid under `from __future__ import barry_as_FLUFL`.
        error("invalid syntax", at: s)
    }
}
