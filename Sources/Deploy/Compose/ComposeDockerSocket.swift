import Findings

/// The Docker socket mounted into a Compose service.
enum ComposeDockerSocket {
    static let descriptor = DeployDoc.descriptor(
        id: "TL-DEPLOY-COMPOSE-DOCKER-SOCKET", name: "compose-docker-socket-mounted", summary: "Compose service mounts the Docker socket",
        severity: .high, confidence: .high, owasp: .a01, cwe: 668, kind: .compose,
        what: "Finds Compose services whose `volumes:` mount the Docker (or Podman, containerd) socket: `/var/run/docker.sock`, `/run/docker.sock`, `/run/podman/podman.sock`, `/run/containerd/containerd.sock`, in the short (`/var/run/docker.sock:/var/run/docker.sock`) or long (`source:`) form, read-only or not.",
        why: "Whoever can talk to the Docker socket can start a privileged container that mounts the host's root file system: the socket is root on the host. `:ro` does not help, since it only stops the file from being replaced, not the API calls. A bug in the service (or in a tool it runs) hands over the host.",
        example: "services:\n  traefik:\n    image: traefik:v3.0\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro",
        useInstead: "services:\n  traefik:\n    image: traefik:v3.0\n    # configure routes from a file provider, or put a filtering proxy in front of the socket\n    volumes:\n      - ./traefik/dynamic.yml:/etc/traefik/dynamic.yml:ro",
        references: [DeployDoc.dockerCheatSheet, "https://docs.docker.com/engine/security/#docker-daemon-attack-surface"],
        aliases: [])

    static let sockets = ["/var/run/docker.sock", "/run/docker.sock", "/run/podman/podman.sock", "/var/run/podman/podman.sock",
                          "/run/containerd/containerd.sock", "/var/run/containerd/containerd.sock"]

    static let rule = DeployRule(descriptor, examples: [
        DeployExample("""
        services:
          traefik:
            image: traefik:v3.0
            volumes:
              - /var/run/docker.sock:/var/run/docker.sock:ro # error: TL-DEPLOY-COMPOSE-DOCKER-SOCKET
              - type: bind
                source: /run/docker.sock # error: TL-DEPLOY-COMPOSE-DOCKER-SOCKET
                target: /run/docker.sock
        """, path: "docker-compose.prod.yml"),
        DeployExample("""
        services:
          web:
            image: myapp:1.4
            volumes:
              - ./src:/app/src
              - data:/var/lib/data
              - ./docs/var/run/docker.sock.md:/docs/socket.md
        volumes:
          data: {}
        """, path: "docker-compose.yml"),
    ], check: .compose(check))

    static func check(_ compose: ComposeFile, _ file: DeployFile) -> [Finding] {
        var findings: [Finding] = []
        for service in compose.services {
            for (source, position) in service.volumeSources where sockets.contains(source) {
                findings.append(file.finding(descriptor, at: position,
                                             description: "Service `\(service.name)` mounts `\(source)`: control of the container engine, which is root on the host.",
                                             remediation: "Remove the socket mount. If the service must watch containers, put a filtering proxy (allowing only the read-only API calls it needs) in front of the socket, or use a file-based configuration."))
            }
        }
        return findings
    }
}
