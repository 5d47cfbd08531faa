import Yams

/// A Docker Compose file: its services (the `services:` mapping, or, in the old version 1
/// format, the top-level mapping of services).
struct ComposeFile: Sendable {
    var services: [ComposeService]

    /// Reads the first document; a file whose top level is not a mapping is not a Compose file.
    static func read(_ documents: [Node]) -> Result<ComposeFile, DeployParseError> {
        guard let root = documents.first else { return .success(ComposeFile(services: [])) }
        guard case .mapping = root else { return .failure(DeployParseError(line: root.mark?.line, message: "the top level is not a mapping of settings")) }
        let servicesNode = root[key: "services"]
        let serviceEntries: [(key: String, keyNode: Node, value: Node)]
        if let servicesNode {
            serviceEntries = servicesNode.entries
        } else {
            // Version 1: services at the top level (each a mapping with `image` or `build`).
            serviceEntries = root.entries.filter { $0.value[key: "image"] != nil || $0.value[key: "build"] != nil }
        }
        return .success(ComposeFile(services: serviceEntries.compactMap { entry in
            guard case .mapping = entry.value else { return nil }
            return ComposeService(name: entry.key, nameNode: entry.keyNode, node: entry.value)
        }))
    }
}

/// One service of a Compose file.
struct ComposeService: @unchecked Sendable {
    var name: String
    var nameNode: Node
    var node: Node

    var image: String? { node[key: "image"]?.text }

    /// `environment:` as a mapping (`KEY: value`) or a list (`- KEY=value`): each name with its
    /// value (nil for `- KEY` or `KEY:`, which pass the host's value) and where it is written.
    var environment: [ComposeVariable] {
        guard let environment = node.entry("environment") else { return [] }
        if case .mapping = environment.value {
            return environment.value.entries.map { entry in
                ComposeVariable(name: entry.key, value: entry.value.scalar.flatMap { $0.style == .plain && ["", "~", "null", "Null", "NULL"].contains($0.string) ? nil : $0.string },
                                namePosition: entry.keyNode.position, valuePosition: entry.value.position)
            }
        }
        return environment.value.items.compactMap { item in
            guard let text = item.text else { return nil }
            let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let position = item.position
            // A quoted item starts one column before its text.
            let quoted = item.scalar?.style == .singleQuoted || item.scalar?.style == .doubleQuoted
            let nameColumn = position.column + (quoted ? 1 : 0)
            return ComposeVariable(name: String(parts[0]), value: parts.count > 1 ? String(parts[1]) : nil,
                                   namePosition: TextPosition(line: position.line, column: nameColumn),
                                   valuePosition: TextPosition(line: position.line, column: nameColumn + parts[0].count + 1))
        }
    }

    /// `ports:` entries, short (`"127.0.0.1:5432:5432"`) or long (`target:`, `published:`, `host_ip:`).
    var ports: [ComposePort] {
        (node[key: "ports"]?.items ?? []).compactMap { item in
            if case .mapping = item {
                guard let target = item[key: "target"]?.text else { return nil }
                let published = item[key: "published"]?.text
                return ComposePort(written: "target: \(target)", hostIP: item[key: "host_ip"]?.text, published: published,
                                   containerPort: target, position: item.position)
            }
            guard let text = item.text else { return nil }
            return ComposePort.parse(text, position: item.position)
        }
    }

    /// `volumes:` entries: each source (host path or volume name) with where it is written.
    var volumeSources: [(source: String, position: TextPosition)] {
        (node[key: "volumes"]?.items ?? []).compactMap { item in
            if case .mapping = item {
                guard let source = item[key: "source"]?.text else { return nil }
                return (source, item[key: "source"]?.position ?? item.position)
            }
            guard let text = item.text else { return nil }
            let source = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? text
            return (source, item.position)
        }
    }
}

/// One variable of a service's `environment`.
struct ComposeVariable: Sendable {
    var name: String
    var value: String?
    var namePosition: TextPosition
    var valuePosition: TextPosition
}

/// One published port of a service.
struct ComposePort: Sendable {
    /// As written in the file.
    var written: String
    /// The host interface (`127.0.0.1`), nil for all interfaces.
    var hostIP: String?
    /// The host port (`15432`), nil for an ephemeral one.
    var published: String?
    /// The container port (`5432`, `5432/tcp`, `5432-5433`).
    var containerPort: String
    var position: TextPosition

    /// `[[HOST_IP:]HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`, the IP possibly in brackets (`[::1]:5432:5432`).
    static func parse(_ text: String, position: TextPosition) -> ComposePort? {
        var rest = Substring(text.trimmingSpaces)
        var hostIP: String?
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            hostIP = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
            if rest.hasPrefix(":") { rest = rest.dropFirst() }
        }
        // `${VAR:-127.0.0.1}` may hold colons: keep substitutions whole.
        var parts: [String] = []
        var current = ""
        var depth = 0
        for character in rest {
            if character == "{" { depth += 1 }
            if character == "}" { depth -= 1 }
            if character == ":", depth == 0 {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        guard let container = parts.last, !container.isEmpty else { return nil }
        switch parts.count {
        case 1: return ComposePort(written: text, hostIP: hostIP, published: nil, containerPort: container, position: position)
        case 2: return ComposePort(written: text, hostIP: hostIP, published: parts[0], containerPort: container, position: position)
        case 3: return ComposePort(written: text, hostIP: parts[0].isEmpty ? nil : parts[0], published: parts[1], containerPort: container, position: position)
        default: return nil
        }
    }

    /// The container port numbers (a range gives each).
    var containerPorts: [Int] {
        let number = containerPort.split(separator: "/").first.map(String.init) ?? containerPort
        let bounds = number.split(separator: "-").compactMap { Int($0) }
        if bounds.count == 1 { return bounds }
        if bounds.count == 2, bounds[0] <= bounds[1], bounds[1] - bounds[0] < 1000 { return Array(bounds[0]...bounds[1]) }
        return []
    }

    /// Whether the port listens on every interface of the host: no host IP, or `0.0.0.0`/`::`.
    var onAllInterfaces: Bool {
        guard let hostIP, !hostIP.isEmpty else { return true }
        return hostIP == "0.0.0.0" || hostIP == "::" || hostIP == "[::]"
    }
}

extension DeployFile {
    /// Compose files named for development (`docker-compose.dev.yml`, `compose.override.yaml`,
    /// `docker-compose.local.yml`, `docker-compose.test.yml`): settings there are meant for a laptop.
    var isDevelopmentCompose: Bool {
        let words = fileName.split(whereSeparator: { $0 == "." || $0 == "-" || $0 == "_" }).map(String.init)
        return words.contains { ["dev", "development", "local", "override", "test", "tests", "ci", "debug"].contains($0) }
    }
}
