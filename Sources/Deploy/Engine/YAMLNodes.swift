import Yams

/// Reading Compose files and Kubernetes manifests from Yams nodes: keys with merge keys
/// (`<<: *defaults`) applied, scalars as written, positions for findings.
extension Node {
    /// The mapping's entries with string keys, `<<` merges applied (the mapping's own keys win,
    /// then the merged mappings in order), or empty for a scalar or a sequence.
    var entries: [(key: String, keyNode: Node, value: Node)] {
        // Merges of merges can grow exponentially (a "billion laughs" of `<<: [*a, *a, ...]`):
        // at most this many mappings are read for one lookup.
        var budget = 256
        return entries(depth: 0, budget: &budget)
    }

    private func entries(depth: Int, budget: inout Int) -> [(key: String, keyNode: Node, value: Node)] {
        guard case .mapping(let mapping) = self, depth < 16, budget > 0 else { return [] }
        budget -= 1
        var own: [(key: String, keyNode: Node, value: Node)] = []
        var merged: [(key: String, keyNode: Node, value: Node)] = []
        for (key, value) in mapping {
            guard let name = key.scalar?.string else { continue }
            if name == "<<", key.scalar?.style == .plain {
                let sources: [Node] = value.sequence.map { Array($0) } ?? [value]
                for source in sources where budget > 0 { merged += source.entries(depth: depth + 1, budget: &budget) }
            } else {
                own.append((name, key, value))
            }
        }
        let ownKeys = Set(own.map(\.key))
        var seen = Set<String>()
        return own + merged.filter { !ownKeys.contains($0.key) && seen.insert($0.key).inserted }
    }

    /// The value under `key` (merge keys applied).
    subscript(key key: String) -> Node? {
        entries.first { $0.key == key }?.value
    }

    /// The entry under `key`, with its key node (findings point at the key).
    func entry(_ key: String) -> (keyNode: Node, value: Node)? {
        entries.first { $0.key == key }.map { ($0.keyNode, $0.value) }
    }

    /// The scalar's text as written (quotes removed), or nil for a mapping or a sequence.
    var text: String? { scalar?.string }

    /// The items of a sequence (empty otherwise).
    var items: [Node] { sequence.map { Array($0) } ?? [] }

    /// A plain `true` (and, for YAML 1.1 readers such as Kubernetes', `yes`/`on`).
    func isTrue(yaml11: Bool = false) -> Bool {
        guard let scalar, scalar.style == .plain else { return false }
        let lower = scalar.string.lowercased()
        return lower == "true" || (yaml11 && (lower == "yes" || lower == "on" || lower == "y"))
    }

    /// A plain `false` (YAML 1.1: also `no`/`off`).
    func isFalse(yaml11: Bool = false) -> Bool {
        guard let scalar, scalar.style == .plain else { return false }
        let lower = scalar.string.lowercased()
        return lower == "false" || (yaml11 && (lower == "no" || lower == "off" || lower == "n"))
    }

    /// Where the node starts (line 1, column 1 when Yams did not say).
    var position: TextPosition {
        TextPosition(line: mark?.line ?? 1, column: mark?.column ?? 1)
    }
}

enum YAMLDocuments {
    /// Every document of `text`, or the reason it is not YAML, as line and problem (never the
    /// text around it, which may hold a secret).
    static func parse(_ text: String) -> Result<[Node], DeployParseError> {
        do {
            var documents: [Node] = []
            var sequence = try Yams.compose_all(yaml: text)
            while let document = sequence.next() { documents.append(document) }
            if let error = sequence.error { return .failure(describe(error)) }
            return .success(documents)
        } catch {
            return .failure(describe(error))
        }
    }

    static func describe(_ error: Error) -> DeployParseError {
        guard let error = error as? YamlError else { return DeployParseError(line: nil, message: "not valid YAML") }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let around = context.map { "\($0.text) at line \($0.mark.line)" }
            return DeployParseError(line: mark.line, message: [problem, around].compactMap { $0 }.joined(separator: ", "))
        case let .reader(problem, offset, _, _):
            return DeployParseError(line: nil, message: problem + (offset.map { " at byte \($0)" } ?? ""))
        case let .duplicatedKeysInMapping(duplicates, context):
            return DeployParseError(line: context.mark.line, message: "duplicate keys \(duplicates.joined(separator: ", "))")
        default:
            return DeployParseError(line: nil, message: "not valid YAML")
        }
    }
}

/// Why a deploy file could not be read, with the line when known.
struct DeployParseError: Error, CustomStringConvertible, Sendable {
    var line: Int?
    var message: String

    var description: String { line.map { "line \($0): \(message)" } ?? message }
}
