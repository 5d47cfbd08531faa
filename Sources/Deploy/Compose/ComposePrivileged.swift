import Findings

/// `privileged: true` on a Compose service.
enum ComposePrivileged {
    static let descriptor = DeployDoc.descriptor(
        id: "TL-DEPLOY-COMPOSE-PRIVILEGED", name: "compose-privileged-service", summary: "Compose service runs privileged",
        severity: .high, confidence: .high, owasp: .a05, cwe: 250, kind: .compose,
        what: "Finds Compose services with `privileged: true` (also through a `<<:` merge of shared settings).",
        why: "A privileged container has every capability and every device of the host, with no seccomp or AppArmor profile: root in it is root on the host (mount the host disk, load kernel modules). Any bug in the service is a host compromise.",
        example: "services:\n  web:\n    image: myapp:1.4\n    privileged: true",
        useInstead: "services:\n  web:\n    image: myapp:1.4\n    cap_drop: [ALL]\n    cap_add: [NET_BIND_SERVICE]   # only what it needs\n    security_opt: [no-new-privileges:true]",
        references: [DeployDoc.composeReference + "#privileged", DeployDoc.dockerCheatSheet],
        aliases: [])

    static let rule = DeployRule(descriptor, examples: [
        DeployExample("""
        x-common: &common
          privileged: true # error: TL-DEPLOY-COMPOSE-PRIVILEGED
        services:
          web:
            image: myapp:1.4
            privileged: true # error: TL-DEPLOY-COMPOSE-PRIVILEGED
          worker:
            <<: *common
            image: myapp:1.4
        """, path: "docker-compose.yml"),
        DeployExample("""
        services:
          web:
            image: myapp:1.4
            privileged: false
            cap_drop: [ALL]
            environment:
              PRIVILEGED: "true"
        """, path: "compose.yaml"),
    ], check: .compose(check))

    static func check(_ compose: ComposeFile, _ file: DeployFile) -> [Finding] {
        var seen = Set<TextPosition>()
        return compose.services.compactMap { service in
            guard let entry = service.node.entry("privileged"), entry.value.isTrue(), seen.insert(entry.keyNode.position).inserted else { return nil }
            return file.finding(descriptor, at: entry.keyNode.position, endColumn: entry.keyNode.position.column + "privileged".count,
                                description: "Service `\(service.name)` runs privileged: every capability and device of the host, no seccomp or AppArmor confinement.",
                                remediation: "Remove `privileged: true`; add only the capabilities the service needs (`cap_add:`), after `cap_drop: [ALL]`, and the devices it needs (`devices:`).")
        }
    }
}
