// pip requirements and constraints files, with pip's syntax.
import Foundation

/// Reads `requirements*.txt` / constraints files: `-r`/`-c` includes (relative to the including
/// file, cycles reported), extras, markers, `--hash`, direct URLs and VCS references, editable
/// installs, line continuations and comments.
enum RequirementsFile {
    /// One logical line: continuation lines joined, comment removed, with its first physical line.
    struct LogicalLine {
        var text: String
        var line: Int
    }

    /// Joins `\` continuations and strips `#` comments (at line start or after whitespace), as pip does.
    static func logicalLines(_ source: String) -> [LogicalLine] {
        var out: [LogicalLine] = []
        var pending = ""
        var pendingLine = 0
        var lineNo = 0
        for raw in source.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            var line = Substring(raw)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if pending.isEmpty { pendingLine = lineNo }
            if line.hasSuffix("\\") {
                pending += line.dropLast()
                continue
            }
            pending += line
            let stripped = stripComment(pending).trimmingSpaces
            if !stripped.isEmpty { out.append(LogicalLine(text: stripped, line: pendingLine)) }
            pending = ""
        }
        if !pending.isEmpty {
            let stripped = stripComment(pending).trimmingSpaces
            if !stripped.isEmpty { out.append(LogicalLine(text: stripped, line: pendingLine)) }
        }
        return out
    }

    static func stripComment(_ text: String) -> String {
        let bytes = Array(text.utf8)
        for (k, b) in bytes.enumerated() where b == 35 && (k == 0 || Version.isSpace(bytes[k - 1])) {
            return String(decoding: bytes[..<k], as: UTF8.self)
        }
        return text
    }

    /// Splits a logical line into whitespace-separated words; spaces inside quotes do not split.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        for c in text {
            // Quotes keep their characters (markers need them) and only protect spaces inside.
            if let q = quote {
                if c == q { quote = nil }
                current.append(c)
            } else if c == "\"" || c == "'" {
                quote = c
                current.append(c)
            } else if c == " " || c == "\t" {
                if !current.isEmpty { words.append(current); current = "" }
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Options that take a value (the value may follow as the next word or after `=`).
    static let valueOptions: Set<String> = ["-i", "--index-url", "--extra-index-url", "-f", "--find-links", "--no-binary", "--only-binary",
                                             "--trusted-host", "--use-feature", "--progress-bar", "--platform", "--python-version",
                                             "--implementation", "--abi", "--global-option", "--install-option", "--config-settings", "-C"]

    /// Reads `path` and every file it includes. `display` maps a real path to the path shown to users;
    /// `contents` gives the bytes of a file already read (by standardized path), else it is read now.
    static func read(path: String, kind: ManifestKind, display: (String) -> String, contents: (String) -> Data? = { FileManager.default.contents(atPath: $0) },
                     visiting: inout [String], visited: inout Set<String>, into reading: inout ManifestReading) {
        let canonical = URL(fileURLWithPath: path).standardizedFileURL.path
        if let cycleStart = visiting.firstIndex(of: canonical) {
            let chain = (visiting[cycleStart...] + [canonical]).map(display).joined(separator: " -> ")
            reading.notices.append("requirements include cycle: \(chain) (the repeated include was skipped)")
            return
        }
        if visited.contains(canonical) { return }
        visited.insert(canonical)
        guard let data = contents(canonical) else {
            reading.notices.append("\(display(canonical)): cannot read (included file missing or unreadable)")
            return
        }
        visiting.append(canonical)
        defer { visiting.removeLast() }
        if canonical != URL(fileURLWithPath: reading.file).standardizedFileURL.path { reading.included.append(canonical) }
        let shown = display(canonical)
        let directory = (canonical as NSString).deletingLastPathComponent
        for logical in logicalLines(String(decoding: data, as: UTF8.self)) {
            let words = words(logical.text)
            guard let first = words.first else { continue }
            // Includes.
            if let (option, value) = optionValue(words, names: ["-r", "--requirement", "-c", "--constraint"]) {
                guard let value else {
                    reading.notices.append("\(shown):\(logical.line): \(option) needs a file name")
                    continue
                }
                if value.contains("://") {
                    reading.notices.append("\(shown):\(logical.line): remote include \(value) not read (Taintline does not use the network)")
                    continue
                }
                let target = value.hasPrefix("/") ? value : (directory as NSString).appendingPathComponent(value)
                let includedKind: ManifestKind = (option == "-c" || option == "--constraint") ? .constraints : kind
                read(path: target, kind: includedKind, display: display, contents: contents, visiting: &visiting, visited: &visited, into: &reading)
                continue
            }
            var editable = false
            var requirementWords = words
            if first == "-e" || first == "--editable" {
                editable = true
                requirementWords = Array(words.dropFirst())
            } else if first.hasPrefix("--editable=") {
                editable = true
                requirementWords = [String(first.dropFirst("--editable=".count))] + words.dropFirst()
            } else if first.hasPrefix("-") {
                continue  // A global option (--index-url, --pre, --require-hashes, ...): nothing to audit.
            }
            // Per-requirement options start at the first word beginning with "--" (or -C).
            var hashes: [String] = []
            var reqEnd = requirementWords.count
            var k = 0
            while k < requirementWords.count {
                let w = requirementWords[k]
                if w.hasPrefix("--") || w == "-C" {
                    if reqEnd == requirementWords.count { reqEnd = k }
                    if w == "--hash", k + 1 < requirementWords.count { hashes.append(requirementWords[k + 1]); k += 2; continue }
                    if w.hasPrefix("--hash=") { hashes.append(String(w.dropFirst(7))); k += 1; continue }
                    if valueOptions.contains(w) { k += 2; continue }
                }
                k += 1
            }
            let requirementText = requirementWords[..<reqEnd].joined(separator: " ")
            guard !requirementText.isEmpty else {
                reading.notices.append("\(shown):\(logical.line): '-e' needs a path or URL")
                continue
            }
            if var dependency = parseRequirement(requirementText, file: shown, line: logical.line, kind: kind, editable: editable, notices: &reading.notices) {
                dependency.hashes = hashes
                dependency.text = logical.text
                reading.dependencies.append(dependency)
            }
        }
    }

    /// `-r file`, `-rfile`, `--requirement file`, `--requirement=file`.
    static func optionValue(_ words: [String], names: [String]) -> (String, String?)? {
        guard let first = words.first else { return nil }
        for name in names {
            if first == name { return (name, words.count > 1 ? words[1] : nil) }
            if name.hasPrefix("--"), first.hasPrefix(name + "=") { return (name, String(first.dropFirst(name.count + 1))) }
            if !name.hasPrefix("--"), first.hasPrefix(name), first.count > name.count { return (name, String(first.dropFirst(name.count))) }
        }
        return nil
    }

    /// A requirement word: PEP 508, a URL or VCS reference (name from `#egg=`), or a local path.
    static func parseRequirement(_ text: String, file: String, line: Int, kind: ManifestKind, editable: Bool, notices: inout [String]) -> Dependency? {
        let lowered = text.lowercased()
        // A PEP 508 line (`name [extras] @ url` included) parses as a requirement; a bare URL does not.
        let parsed = try? Requirement(text)
        let namedURL = parsed?.url != nil
        let archive = !namedURL && (lowered.hasSuffix(".whl") || lowered.hasSuffix(".tar.gz") || lowered.hasSuffix(".zip") || lowered.hasSuffix(".tar.bz2"))
        let isPath = !namedURL && (text.hasPrefix(".") || text.hasPrefix("/") || text.hasPrefix("~") || archive)
        let pep508 = archive ? nil : parsed
        let isURL = pep508 == nil && (lowered.contains("://") || lowered.hasPrefix("git+") || lowered.hasPrefix("hg+") || lowered.hasPrefix("svn+") || lowered.hasPrefix("bzr+"))
        if isURL || (isPath && !text.contains("://")) {
            // Name from the egg fragment if any (`git+https://...#egg=name`), else from a wheel/sdist file name.
            var name: String?
            if let egg = text.range(of: "#egg=") ?? text.range(of: "&egg=") {
                name = String(text[egg.upperBound...].prefix { $0 != "&" && $0 != " " }).split(separator: "[").first.map(String.init)
            } else if let last = text.split(separator: "/").last, lowered.hasSuffix(".whl") || lowered.hasSuffix(".tar.gz") || lowered.hasSuffix(".zip") {
                name = last.split(separator: "-").first.map(String.init)
            }
            if isPath && editable && name == nil { return nil }  // `-e .`: the project itself.
            if isPath && name == nil {
                notices.append("\(file):\(line): local path '\(text)' not audited (no package name)")
                return nil
            }
            return Dependency(name: name ?? text, url: text, editable: editable, file: file, line: line, kind: kind, text: text)
        }
        do {
            let requirement = try Requirement(text)
            var dependency = Dependency(requirement: requirement, file: file, line: line, kind: kind, text: text)
            dependency.editable = editable
            return dependency
        } catch {
            notices.append("\(file):\(line): \(error) (line skipped)")
            return nil
        }
    }
}

