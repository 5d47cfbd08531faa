import Findings

/// `ADD https://...` without `--checksum`.
enum DockerAddURL {
    static let descriptor = DeployDoc.descriptor(
        id: "TL-DEPLOY-DOCKER-ADD-URL", name: "dockerfile-add-remote-url", summary: "ADD downloads a URL without a checksum",
        severity: .medium, confidence: .high, owasp: .a08, cwe: 494, kind: .dockerfile,
        what: "Finds `ADD` instructions whose source is an `http://` or `https://` URL and that give no `--checksum=sha256:...`. Git sources pinned to a full commit (`ADD https://github.com/o/r.git#<40 hex digits>`) are not reported.",
        why: "The file is taken as the server sends it at build time: a compromised server, a hijacked domain or (over `http://`) anyone on the network decides what goes into the image, and nothing in the build notices. `ADD` also unpacks nothing from URLs and keeps the download in a layer, so it is seldom what was meant.",
        example: "ADD https://example.com/tool.tar.gz /opt/",
        useInstead: "ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /opt/",
        references: [DeployDoc.dockerfileReference + "#add", DeployDoc.dockerPractices + "#add-or-copy"],
        aliases: [])

    static let rule = DeployRule(descriptor, examples: [
        DeployExample("""
        FROM debian:12
        ADD https://example.com/tool.tar.gz /opt/ # error: TL-DEPLOY-DOCKER-ADD-URL
        ADD --chown=app http://example.com/config.json /etc/app/ # error: TL-DEPLOY-DOCKER-ADD-URL
        USER 1000
        """),
        DeployExample("""
        FROM debian:12
        ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /opt/
        ADD https://github.com/owner/repo.git#0123456789abcdef0123456789abcdef01234567 /src
        ADD vendor.tar.gz /opt/
        COPY https.txt /etc/
        USER 1000
        """),
    ], check: .dockerfile(check))

    static func check(_ dockerfile: Dockerfile, _ file: DeployFile) -> [Finding] {
        var findings: [Finding] = []
        for instruction in dockerfile.instructions where instruction.keyword == "ADD" && instruction.flags["checksum"] == nil {
            let sources = instruction.operands.dropLast()
            for source in sources {
                let lower = source.text.lowercased()
                guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { continue }
                if let hash = source.text.split(separator: "#").last, source.text.contains("#"), hash.count == 40, hash.allSatisfy(\.isHexDigit) { continue }
                let position = instruction.position(at: source.offset)
                findings.append(file.finding(descriptor, at: position, endColumn: position.column + source.text.count,
                                             description: "`ADD \(source.text)` downloads into the image whatever the server sends at build time, unchecked.",
                                             remediation: "Give the expected digest with `ADD --checksum=sha256:<digest> \(source.text) ...`, or download in a `RUN` that verifies the file (`sha256sum -c`) before using it."))
            }
        }
        return findings
    }
}
