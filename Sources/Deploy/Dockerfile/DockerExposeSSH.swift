import Findings

/// `EXPOSE 22` in the final image.
enum DockerExposeSSH {
    static let descriptor = DeployDoc.descriptor(
        id: "TL-DEPLOY-DOCKER-EXPOSE-SSH", name: "dockerfile-exposes-ssh", summary: "Image exposes the SSH port",
        severity: .low, confidence: .medium, owasp: .a05, cwe: 16, kind: .dockerfile,
        what: "Finds `EXPOSE 22` (also `22/tcp` and ranges that hold 22) in the final stage or the stages it is built `FROM`. Build-argument ports are substituted with their defaults; a port given only at build time is not judged.",
        why: "An SSH server in an application container is a second way in, with its own credentials and keys to leak, that bypasses the orchestrator's access control and audit (`docker exec`, `kubectl exec`); it also means the container runs an init system or a second long-lived process as root.",
        example: "RUN apt-get install -y openssh-server\nEXPOSE 22 8000",
        useInstead: "EXPOSE 8000\n# reach a running container with `docker exec` or `kubectl exec` instead",
        references: [DeployDoc.dockerfileReference + "#expose", DeployDoc.dockerCheatSheet],
        aliases: ["CKV_DOCKER_1"])

    static let rule = DeployRule(descriptor, examples: [
        DeployExample("""
        FROM python:3.12-slim
        USER 1000
        EXPOSE 8000 22 # error: TL-DEPLOY-DOCKER-EXPOSE-SSH
        """),
        DeployExample("""
        FROM python:3.12-slim
        ARG SSH_PORT=22
        USER 1000
        EXPOSE ${SSH_PORT}/tcp # error: TL-DEPLOY-DOCKER-EXPOSE-SSH
        """),
        DeployExample("""
        FROM python:3.12-slim AS debug
        EXPOSE 22
        FROM python:3.12-slim
        ARG PORT
        USER 1000
        EXPOSE 8000 2222 220 $PORT 22/udp
        """),
    ], check: .dockerfile(check))

    static func check(_ dockerfile: Dockerfile, _ file: DeployFile) -> [Finding] {
        var findings: [Finding] = []
        for stage in dockerfile.finalChain {
            for instruction in stage.instructions where instruction.keyword == "EXPOSE" {
                let variables = dockerfile.variables(in: stage, before: instruction.index)
                for word in instruction.words() {
                    guard let value = DockerVariables.substitute(word.text, variables), exposesSSH(value) else { continue }
                    let position = instruction.position(at: word.offset)
                    findings.append(file.finding(descriptor, at: position, endColumn: position.column + word.text.count,
                                                 description: "The image exposes port 22 (`EXPOSE \(word.text)`): an SSH server in the container.",
                                                 remediation: "Remove the SSH server and `EXPOSE 22`; use `docker exec` or `kubectl exec` (with the orchestrator's access control) to reach a running container."))
                }
            }
        }
        return findings
    }

    /// `22`, `22/tcp`, `20-25`.
    static func exposesSSH(_ value: String) -> Bool {
        let parts = value.lowercased().split(separator: "/", maxSplits: 1)
        guard let ports = parts.first else { return false }
        if parts.count > 1, parts[1] != "tcp" { return false }
        let bounds = ports.split(separator: "-").compactMap { Int($0) }
        if bounds.count == 1 { return bounds[0] == 22 }
        if bounds.count == 2 { return bounds[0] <= 22 && 22 <= bounds[1] }
        return false
    }
}
