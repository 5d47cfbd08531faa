import PythonSyntax

/// A gunicorn configuration file (`gunicorn.conf.py`): its module-level settings that are
/// constants (`reload = True`, `bind = "0.0.0.0:8000"`), read with the Python parser so a
/// setting inside a comment, a string or a function is not taken for one.
struct GunicornConfig: Sendable {
    struct Setting: Sendable {
        var name: String
        var value: ConstantValue
        var position: TextPosition
    }

    var settings: [Setting]

    static func read(_ bytes: [UInt8], path: String) -> GunicornConfig {
        let tree = PythonParser.parse(SourceFile(path: path, utf8: bytes))
        var settings: [Setting] = []
        for statement in tree.body {
            guard case .assign(let targets, let value, _) = tree[statement].kind, case .constant(let constant, _) = tree[value].kind else { continue }
            for target in targets {
                guard case .name(let name, _) = tree[target].kind else { continue }
                let range = tree[target].range
                // Columns: the parser counts UTF-8 bytes; settings are ASCII names at the start of a line.
                settings.append(Setting(name: name, value: constant, position: TextPosition(line: Int(range.lineno), column: Int(range.colOffset) + 1)))
            }
        }
        return GunicornConfig(settings: settings)
    }
}

/// An INI file (uWSGI's format): sections of `key = value` lines, `#` and `;` comments.
struct IniFile: Sendable {
    struct Entry: Sendable {
        var section: String
        var key: String
        var value: String
        var position: TextPosition
    }

    var entries: [Entry]

    var sections: Set<String> { Set(entries.map(\.section)) }

    static func read(_ lines: [String]) -> IniFile {
        var entries: [Entry] = []
        var section = ""
        var sawSection = Set<String>()
        for (index, line) in lines.enumerated() {
            let stripped = line.trimmingSpaces
            if stripped.isEmpty || stripped.hasPrefix("#") || stripped.hasPrefix(";") { continue }
            if stripped.hasPrefix("["), let close = stripped.firstIndex(of: "]") {
                section = String(stripped[stripped.index(after: stripped.startIndex)..<close]).trimmingSpaces.lowercased()
                sawSection.insert(section)
                continue
            }
            guard let equals = stripped.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
            let key = stripped[..<equals].trimmingSpaces.lowercased()
            let value = stripped[stripped.index(after: equals)...].trimmingSpaces
            let column = (line.firstIndex { $0 != " " && $0 != "\t" }).map { line.distance(from: line.startIndex, to: $0) + 1 } ?? 1
            entries.append(Entry(section: section, key: key, value: value, position: TextPosition(line: index + 1, column: column)))
        }
        // A section with no entries still counts (an empty `[uwsgi]`).
        for name in sawSection where !entries.contains(where: { $0.section == name }) {
            entries.append(Entry(section: name, key: "", value: "", position: TextPosition(line: 1, column: 1)))
        }
        return IniFile(entries: entries)
    }
}

/// A Procfile: `process: command` lines (`web: gunicorn app:app`).
struct Procfile: Sendable {
    struct Process: Sendable {
        var name: String
        /// The command, and the column where it starts.
        var command: String
        var position: TextPosition
        var commandColumn: Int
    }

    var processes: [Process]

    static func read(_ lines: [String]) -> Procfile {
        var processes: [Process] = []
        for (index, line) in lines.enumerated() {
            let stripped = line.trimmingSpaces
            guard !stripped.isEmpty, !stripped.hasPrefix("#"), let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingSpaces
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else { continue }
            let after = line[line.index(after: colon)...]
            let leading = after.prefix { $0 == " " || $0 == "\t" }.count
            processes.append(Process(name: name, command: after.trimmingSpaces, position: TextPosition(line: index + 1, column: 1),
                                     commandColumn: line.distance(from: line.startIndex, to: colon) + 2 + leading))
        }
        return Procfile(processes: processes)
    }
}
