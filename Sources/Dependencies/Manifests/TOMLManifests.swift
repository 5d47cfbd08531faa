// pyproject.toml (PEP 621, PEP 735, Poetry), Pipfile, and the TOML lock files.
import Foundation
import TOMLKit

/// A plain tree of a TOML document, so readers navigate Swift values instead of TOMLKit handles.
indirect enum TOMLNode {
    case string(String)
    case other(String)
    case array([TOMLNode])
    case table([(String, TOMLNode)])

    init(_ value: TOMLValueConvertible) {
        if let s = value.string { self = .string(s); return }
        if let t = value.table {
            self = .table(t.keys.compactMap { key in t[key].map { (key, TOMLNode($0)) } })
            return
        }
        if let a = value.array { self = .array(a.map { TOMLNode($0) }); return }
        if let b = value.bool { self = .other(b ? "true" : "false"); return }
        if let i = value.int { self = .other(String(i)); return }
        self = .other(value.debugDescription)
    }

    static func parse(_ text: String, file: String) throws -> TOMLNode {
        do {
            return TOMLNode(try TOMLTable(string: text))
        } catch let error as TOMLParseError {
            throw ManifestError(file: file, line: error.source.begin.line, reason: "invalid TOML: \(error.description)")
        } catch {
            throw ManifestError(file: file, line: nil, reason: "invalid TOML: \(error)")
        }
    }

    subscript(key: String) -> TOMLNode? {
        if case .table(let pairs) = self { return pairs.first { $0.0 == key }?.1 }
        return nil
    }
    subscript(path: [String]) -> TOMLNode? {
        var node: TOMLNode? = self
        for key in path { node = node?[key] }
        return node
    }
    var string: String? { if case .string(let s) = self { return s } else { return nil } }
    var array: [TOMLNode] { if case .array(let a) = self { return a } else { return [] } }
    var pairs: [(String, TOMLNode)] { if case .table(let p) = self { return p } else { return [] } }
}

/// Locates TOML keys and strings on source lines, since TOMLKit does not report positions.
struct LineFinder {
    let lines: [Substring]

    init(_ text: String) { lines = text.split(separator: "\n", omittingEmptySubsequences: false) }

    /// The line of a `[header]` (or `[[header]]`), 0-based index, or nil.
    func header(_ name: String) -> Int? {
        for (k, line) in lines.enumerated() {
            let t = line.trimmingSpaces
            if t == "[\(name)]" || t == "[[\(name)]]" { return k }
        }
        return nil
    }

    /// The line containing the quoted string `value` at or after `from` (0-based); 1-based result.
    func quoted(_ value: String, from: Int = 0) -> Int {
        for quote in ["\"", "'"] {
            let needle = quote + value + quote
            for k in max(0, from)..<max(max(0, from), lines.count) where lines[k].contains(needle) { return k + 1 }
        }
        for k in max(0, from)..<max(max(0, from), lines.count) where lines[k].contains(value) { return k + 1 }
        return from + 1
    }

    /// The line of `key =` (bare or quoted key) at or after `from` (0-based); 1-based result.
    func key(_ key: String, from: Int = 0) -> Int {
        for k in max(0, from)..<max(max(0, from), lines.count) {
            let t = lines[k].trimmingSpaces
            for form in [key, "\"\(key)\"", "'\(key)'"] where t.hasPrefix(form) {
                let rest = t.dropFirst(form.count).trimmingSpaces
                if rest.hasPrefix("=") { return k + 1 }
            }
        }
        return from + 1
    }

    /// 0-based line indexes of every `[[name]]` array-of-tables header, in order.
    func arrayHeaders(_ name: String) -> [Int] {
        lines.enumerated().filter { $0.element.trimmingSpaces == "[[\(name)]]" }.map(\.offset)
    }
}

enum TOMLManifests {
    // MARK: pyproject.toml

    static func readPyProject(text: String, file: String) throws -> ManifestReading {
        let root = try TOMLNode.parse(text, file: file)
        let finder = LineFinder(text)
        var reading = ManifestReading(file: file, kind: .pyproject)
        func addPEP508(_ requirement: String, section: Int?, group: String?) {
            let line = finder.quoted(requirement, from: section ?? 0)
            do {
                let parsed = try Requirement(requirement)
                reading.dependencies.append(Dependency(requirement: parsed, file: file, line: line, kind: .pyproject, text: requirement, group: group))
            } catch {
                reading.notices.append("\(file):\(line): \(error) (skipped)")
            }
        }
        // PEP 621.
        let projectLine = finder.header("project")
        for item in root[["project", "dependencies"]]?.array ?? [] {
            if let s = item.string { addPEP508(s, section: projectLine, group: nil) }
        }
        let optionalLine = finder.header("project.optional-dependencies") ?? projectLine
        for (extra, list) in root[["project", "optional-dependencies"]]?.pairs ?? [] {
            for item in list.array { if let s = item.string { addPEP508(s, section: optionalLine, group: "optional:\(extra)") } }
        }
        // PEP 735 dependency groups, with include-group resolved (cycles reported).
        if let groups = root["dependency-groups"] {
            let groupsLine = finder.header("dependency-groups")
            var table: [String: [TOMLNode]] = [:]
            for (name, list) in groups.pairs { table[normalizePackageName(name)] = list.array }
            var seenRequirement = Set<String>()
            func expand(_ group: String, chain: [String]) {
                guard let items = table[group] else {
                    reading.notices.append("\(file): dependency group '\(chain.last ?? group)' includes unknown group '\(group)'")
                    return
                }
                for item in items {
                    if let s = item.string {
                        if seenRequirement.insert(s).inserted { addPEP508(s, section: groupsLine, group: "group:\(chain.first ?? group)") }
                    } else if let include = item["include-group"]?.string {
                        let target = normalizePackageName(include)
                        if chain.contains(target) || target == group {
                            reading.notices.append("\(file): dependency-groups include cycle: \((chain + [group, target]).joined(separator: " -> "))")
                            continue
                        }
                        expand(target, chain: chain + [group])
                    }
                }
            }
            for (name, _) in groups.pairs { expand(normalizePackageName(name), chain: []) }
        }
        // Poetry.
        if let poetry = root[["tool", "poetry"]] {
            func addPoetry(_ table: TOMLNode?, header: String, group: String?) {
                let headerLine = finder.header(header) ?? 0
                for (name, spec) in table?.pairs ?? [] where name.lowercased() != "python" {
                    let line = finder.key(name, from: headerLine)
                    reading.dependencies.append(contentsOf: poetryDependencies(name: name, spec: spec, file: file, line: line, group: group, notices: &reading.notices))
                }
            }
            addPoetry(poetry["dependencies"], header: "tool.poetry.dependencies", group: nil)
            addPoetry(poetry["dev-dependencies"], header: "tool.poetry.dev-dependencies", group: "dev")
            for (group, body) in poetry["group"]?.pairs ?? [] {
                addPoetry(body["dependencies"], header: "tool.poetry.group.\(group).dependencies", group: group)
            }
        }
        return reading
    }

    /// One Poetry dependency: a constraint string, a table, or a list of tables (multiple constraints).
    static func poetryDependencies(name: String, spec: TOMLNode, file: String, line: Int, group: String?, notices: inout [String]) -> [Dependency] {
        let entries: [TOMLNode] = { if case .array(let a) = spec { return a } else { return [spec] } }()
        var out: [Dependency] = []
        for entry in entries {
            var constraintText: String?
            var url: String?
            var marker: Marker?
            var extras: [String] = []
            switch entry {
            case .string(let s): constraintText = s
            case .table:
                constraintText = entry["version"]?.string
                if let git = entry["git"]?.string {
                    let ref = entry["rev"]?.string ?? entry["tag"]?.string ?? entry["branch"]?.string
                    url = "git+\(git)" + (ref.map { "@\($0)" } ?? "")
                }
                if let u = entry["url"]?.string { url = u }
                if let p = entry["path"]?.string { url = p }
                if let m = entry["markers"]?.string { marker = try? Marker(m) }
                if let python = entry["python"]?.string, let sets = try? PoetryConstraint.parse(python), !sets.isEmpty {
                    // `python = "^3.8"` restricts the entry to some interpreters: fold into a marker.
                    let text = sets.map { set in set.specifiers.map { "python_full_version \($0.op.rawValue) '\($0.versionText)'" }.joined(separator: " and ") }
                        .filter { !$0.isEmpty }.map { "(\($0))" }.joined(separator: " or ")
                    if !text.isEmpty, let pyMarker = try? Marker(text) { marker = marker.map { .and($0, pyMarker) } ?? pyMarker }
                }
                extras = entry["extras"]?.array.compactMap(\.string) ?? []
            default: break
            }
            var dependency = Dependency(name: name, url: url, marker: marker, extras: extras, file: file, line: line, kind: .pyproject,
                                        text: "\(name) = \(constraintText.map { "\"\($0)\"" } ?? url ?? "")", group: group)
            if let constraintText {
                do {
                    dependency.alternatives = try PoetryConstraint.parse(constraintText)
                    if dependency.alternatives.count == 1, let pin = dependency.alternatives[0].pinnedVersion {
                        dependency.exactVersion = pin
                        dependency.exactVersionText = dependency.alternatives[0].specifiers.first?.versionText
                    }
                } catch {
                    notices.append("\(file):\(line): \(name): \(error) (skipped)")
                    continue
                }
            }
            out.append(dependency)
        }
        return out
    }

    // MARK: Pipfile

    static func readPipfile(text: String, file: String) throws -> ManifestReading {
        let root = try TOMLNode.parse(text, file: file)
        let finder = LineFinder(text)
        var reading = ManifestReading(file: file, kind: .pipfile)
        for (section, group) in [("packages", nil as String?), ("dev-packages", "dev")] {
            let headerLine = finder.header(section) ?? 0
            for (name, spec) in root[section]?.pairs ?? [] {
                let line = finder.key(name, from: headerLine)
                var text: String?
                var url: String?
                switch spec {
                case .string(let s): text = s
                case .table:
                    text = spec["version"]?.string
                    if let git = spec["git"]?.string { url = "git+" + git + (spec["ref"]?.string.map { "@\($0)" } ?? "") }
                    if let p = spec["path"]?.string { url = p }
                    if let f = spec["file"]?.string { url = f }
                default: break
                }
                var dependency = Dependency(name: name, url: url, file: file, line: line, kind: .pipfile, text: "\(name) = \(text ?? url ?? "")", group: group)
                if let text, text != "*" {
                    do {
                        let set = try SpecifierSet(text)
                        dependency.alternatives = [set]
                        dependency.exactVersion = set.pinnedVersion
                        dependency.exactVersionText = set.pinnedVersion == nil ? nil : set.specifiers.first?.versionText
                    } catch {
                        reading.notices.append("\(file):\(line): \(name): \(error) (skipped)")
                        continue
                    }
                }
                reading.dependencies.append(dependency)
            }
        }
        return reading
    }

    // MARK: Lock files

    /// poetry.lock, uv.lock and pdm.lock (`[[package]]`) and PEP 751 pylock.toml (`[[packages]]`).
    static func readLock(text: String, file: String, kind: ManifestKind) throws -> ManifestReading {
        let root = try TOMLNode.parse(text, file: file)
        let finder = LineFinder(text)
        var reading = ManifestReading(file: file, kind: kind)
        let key = kind == .pylock ? "packages" : "package"
        let headers = finder.arrayHeaders(key)
        for (k, package) in root[key]?.array.enumerated() ?? [].enumerated() {
            guard let name = package["name"]?.string else { continue }
            let from = k < headers.count ? headers[k] : 0
            let line = finder.key("name", from: from)
            let source = package["source"]
            // The project itself in uv.lock (editable/virtual source) is not a dependency.
            if kind == .uvLock, source?["editable"] != nil || source?["virtual"] != nil { continue }
            var url: String?
            if let git = source?["git"]?.string ?? package["vcs"]?["url"]?.string { url = "git+" + git }
            if kind == .poetryLock, let type = source?["type"]?.string, type == "git" || type == "url" || type == "directory" || type == "file" {
                url = source?["url"]?.string ?? type
                if type == "directory" { continue }  // a local path package: not on PyPI
            }
            if kind == .uvLock, let path = source?["path"]?.string ?? source?["directory"]?.string { url = path }
            if kind == .pylock, package["directory"] != nil { continue }
            var marker: Marker?
            if let m = package["marker"]?.string { marker = try? Marker(m) }
            let versionText = package["version"]?.string
            var dependency = Dependency(name: name, exactVersion: versionText.flatMap(Version.init), exactVersionText: versionText, url: url,
                                        marker: marker, file: file, line: line, kind: kind,
                                        text: "\(name) \(versionText ?? url ?? "")")
            if versionText == nil && url == nil {
                reading.notices.append("\(file):\(line): \(name) has no version in the lock file (not audited)")
                continue
            }
            if let versionText, dependency.exactVersion == nil {
                reading.notices.append("\(file):\(line): \(name) \(versionText) is not a PEP 440 version (not audited)")
                dependency.exactVersionText = nil
            }
            reading.dependencies.append(dependency)
        }
        return reading
    }
}

/// Poetry's version constraints: `^1.2`, `~1.2.3`, `1.2.*`, `>=1,<2`, `>=1 <2`, `^1 || ^2`, bare `1.2.3`, `*`.
enum PoetryConstraint {
    struct Invalid: Error, CustomStringConvertible { var text: String; var description: String { "invalid Poetry constraint '\(text)'" } }

    /// Returns the alternatives (OR); an empty list means any version.
    static func parse(_ text: String) throws -> [SpecifierSet] {
        var out: [SpecifierSet] = []
        for alternative in text.components(separatedBy: "||") {
            var specs: [Specifier] = []
            // Clauses separated by commas or spaces; an operator may be followed by a space (">= 1.2").
            var tokens: [String] = []
            for piece in alternative.replacingOccurrences(of: ",", with: " ").split(separator: " ") {
                let p = String(piece)
                if let last = tokens.last, ["<", "<=", ">", ">=", "==", "!=", "~=", "^", "~", "="].contains(last) {
                    tokens[tokens.count - 1] = last + p
                } else {
                    tokens.append(p)
                }
            }
            for token in tokens where token != "*" {
                specs += try clause(token)
            }
            if specs.isEmpty { return [] }
            out.append(SpecifierSet(specs))
        }
        return out
    }

    static func clause(_ token: String) throws -> [Specifier] {
        if token.hasPrefix("^") || (token.hasPrefix("~") && !token.hasPrefix("~=")) {
            let caret = token.hasPrefix("^")
            let body = String(token.dropFirst()).trimmingSpaces
            guard let version = Version(body) else { throw Invalid(text: token) }
            let given = body.split(separator: ".").prefix { $0.allSatisfy(\.isNumber) }.count
            let parts = version.release
            var upper: [VersionNumber]
            if caret {
                // Bump the leftmost non-zero of the given parts; if all given are zero, the last given.
                let count = max(1, min(given, parts.count))
                var index = count - 1
                for k in 0..<count where parts[k] != 0 { index = k; break }
                upper = Array(parts.prefix(index + 1))
                upper[index] = upper[index].successor
            } else {
                // ~1 → <2; ~1.2 and ~1.2.3 → <1.3.
                let index = given <= 1 ? 0 : 1
                upper = Array(parts.prefix(index + 1))
                while upper.count < index + 1 { upper.append(0) }
                upper[index] = upper[index].successor
            }
            let upperText = upper.map(\.description).joined(separator: ".")
            return [try Specifier(">=" + body), try Specifier("<" + upperText)]
        }
        if let first = token.first, first.isNumber || first == "v" {
            if token.hasSuffix(".*") { return [try Specifier("==" + token)] }
            return [try Specifier("==" + token)]
        }
        if token.hasPrefix("=") && !token.hasPrefix("==") { return [try Specifier("=" + token)] }
        do { return [try Specifier(token)] } catch { throw Invalid(text: token) }
    }
}
