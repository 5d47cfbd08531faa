/// Formats syntax errors the way CPython's traceback shows them, for `taintline parse`:
///
/// ```
///   File "app.py", line 3
///     x = (1,
///         ^
/// SyntaxError: '(' was never closed
/// ```
public enum SyntaxDiagnostics {
    /// The CPython-style block for one error: file and line, the source line (leading
    /// whitespace stripped as CPython does), a caret under the column (or carets over the
    /// error's span when it ends on the same line), then the message.
    public static func format(_ error: SyntaxError, path: String, source: SourceFile?, kind: String? = nil) -> String {
        var text = "  File \"\(path)\", line \(error.line)\n"
        if let source, let line = sourceLine(source, error.line) {
            // CPython strips leading whitespace and moves the caret with it.
            let scalars = Array(line.unicodeScalars)
            var lead = 0
            while lead < scalars.count && (scalars[lead] == " " || scalars[lead] == "\t" || scalars[lead] == "\u{0C}") { lead += 1 }
            var shown = String(String.UnicodeScalarView(scalars[lead...]))
            while let last = shown.unicodeScalars.last, last == " " || last == "\t" || last == "\r" { shown.unicodeScalars.removeLast() }
            if !shown.isEmpty {
                text += "    \(shown)\n"
                // Columns are 1-based UTF-8 byte offsets; the caret goes under the character.
                let startChar = characterColumn(line, byteColumn: error.column - 1) - lead
                var width = 1
                if let endLine = error.endLine, endLine == error.line, let endColumn = error.endColumn, endColumn > error.column {
                    width = max(1, characterColumn(line, byteColumn: endColumn - 1) - lead - startChar)
                }
                let pad = max(0, startChar)
                text += "    " + String(repeating: " ", count: pad) + String(repeating: "^", count: width) + "\n"
            }
        }
        text += "\(kind ?? error.exceptionName): \(error.message)\n"
        return text
    }

    /// A one-line form, `path:line:column: message`, for tools and logs.
    public static func oneLine(_ error: SyntaxError, path: String) -> String {
        "\(path):\(error.line):\(error.column): \(error.message)"
    }

    /// The text of a 1-based line without its line break, or nil past the end.
    public static func sourceLine(_ source: SourceFile, _ line: Int) -> String? {
        guard line >= 1 && line <= source.lineStarts.count else { return nil }
        let start = Int(source.lineStarts[line - 1])
        var end = line < source.lineStarts.count ? Int(source.lineStarts[line]) : source.bytes.count
        while end > start && (source.bytes[end - 1] == 10 || source.bytes[end - 1] == 13) { end -= 1 }
        return String(decoding: source.bytes[start..<end], as: UTF8.self)
    }

    /// Converts a 0-based UTF-8 byte column into a count of Unicode scalars (what a terminal
    /// shows as columns for most text).
    static func characterColumn(_ line: String, byteColumn: Int) -> Int {
        var bytes = 0
        var chars = 0
        for s in line.unicodeScalars {
            if bytes >= byteColumn { break }
            bytes += String(s).utf8.count
            chars += 1
        }
        if bytes < byteColumn { chars += byteColumn - bytes }
        return chars
    }
}
