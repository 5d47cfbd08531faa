import Findings

/// `network_mode: host`, `pid: host`, `ipc: host` on a Compose service.
enum ComposeHostNamespace {
    static let descriptor = DeployDoc.descriptor(
        id: "TL-DEPLOY-COMPOSE-HOST-NAMESPACE", name: "compose-host-namespace", summary: "Compose service shares the host's network, PID or IPC namespace",
        severity: .medium, confidence: .high, owasp: .a04, cwe: 653, kind: .compose,
        what: "Finds Compose services with `network_mode: host`, `pid: host` or `ipc: host`.",
        why: "With the host's network the service listens on every host interface (past the port mapping and its firewall rules) and reaches services bound to the host's loopback (databases, metadata and admin endpoints); with the host's PID namespace it sees and can signal every host process and read their environment; with the host's IPC it shares the host's shared memory.",
        example: "services:\n  web:\n    image: myapp:1.4\n    network_mode: host\n    pid: host",
        useInstead: "services:\n  web:\n    image: myapp:1.4\n    ports:\n      - \"127.0.0.1:8000:8000\"",
        references: [DeployDoc.composeReference + "#network_mode", DeployDoc.composeReference + "#pid", DeployDoc.dockerCheatSheet],
        aliases: [])

    static let rule = DeployRule(descriptor, examples: [
        DeployExample("""
        services:
          web:
            image: myapp:1.4
            network_mode: host # error: TL-DEPLOY-COMPOSE-HOST-NAMESPACE
            pid: "host" # error: TL-DEPLOY-COMPOSE-HOST-NAMESPACE
            ipc: host # error: TL-DEPLOY-COMPOSE-HOST-NAMESPACE
        """, path: "docker-compose.yml"),
        DeployExample("""
        services:
          db:
            image: postgres:16
          web:
            image: myapp:1.4
            network_mode: "service:db"
            pid: "service:db"
            ipc: shareable
            environment:
              NETWORK_MODE: host
        """, path: "docker-compose.yml"),
    ], check: .compose(check))

    static func check(_ compose: ComposeFile, _ file: DeployFile) -> [Finding] {
        var findings: [Finding] = []
        for service in compose.services {
            for (key, namespace) in [("network_mode", "network"), ("pid", "process (PID)"), ("ipc", "IPC")] {
                guard let entry = service.node.entry(key), entry.value.text?.lowercased() == "host" else { continue }
                findings.append(file.finding(descriptor, at: entry.keyNode.position, endColumn: entry.keyNode.position.column + key.count,
                                             description: "Service `\(service.name)` shares the host's \(namespace) namespace (`\(key): host`).",
                                             remediation: key == "network_mode"
                                                ? "Remove `network_mode: host`; publish the ports the service serves (`ports: [\"127.0.0.1:8000:8000\"]`) on the default bridge network."
                                                : "Remove `\(key): host`; share a namespace with one other service only if needed (`\(key): \"service:NAME\"`)."))
            }
        }
        return findings
    }
}
