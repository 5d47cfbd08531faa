import Findings

/// `pip install --trusted-host ...` or `PIP_TRUSTED_HOST`.
enum DockerPipTrustedHost {
    static let descriptor = DeployDoc.descriptor(
        id: "TL-DEPLOY-DOCKER-PIP-TRUSTED-HOST", name: "dockerfile-pip-trusted-host", summary: "pip told to trust a host without TLS verification",
        severity: .medium, confidence: .high, owasp: .a07, cwe: 295, kind: .dockerfile,
        what: "Finds `pip install --trusted-host HOST` in a `RUN` (also `pip3`, `python -m pip`, `uv pip`), and `PIP_TRUSTED_HOST` set by `ENV`, `ARG` or on a command.",
        why: "`--trusted-host` turns off certificate verification for that host and allows plain HTTP: anyone on the network path between the build machine and the index can serve modified packages, which then run as root during the build and ship in the image.",
        example: "RUN pip install --trusted-host pypi.internal -i http://pypi.internal/simple -r requirements.txt",
        useInstead: "# serve the index over HTTPS with a certificate the build trusts\nCOPY internal-ca.pem /usr/local/share/ca-certificates/internal-ca.crt\nRUN update-ca-certificates && pip install --cert /etc/ssl/certs/ca-certificates.crt -i https://pypi.internal/simple -r requirements.txt",
        references: ["https://pip.pypa.io/en/stable/cli/pip/#cmdoption-trusted-host", "https://pip.pypa.io/en/stable/topics/https-certificates/"],
        aliases: [])

    static let rule = DeployRule(descriptor, examples: [
        DeployExample("""
        FROM python:3.12-slim
        RUN pip install --trusted-host pypi.internal -i http://pypi.internal/simple flask # error: TL-DEPLOY-DOCKER-PIP-TRUSTED-HOST
        RUN pip3 install --trusted-host=files.pythonhosted.org gunicorn # error: TL-DEPLOY-DOCKER-PIP-TRUSTED-HOST
        ENV PIP_TRUSTED_HOST=pypi.internal # error: TL-DEPLOY-DOCKER-PIP-TRUSTED-HOST
        USER 1000
        """),
        DeployExample("""
        FROM python:3.12-slim
        RUN pip install --index-url https://pypi.internal/simple --cert /etc/ssl/internal.pem flask
        RUN echo "--trusted-host is not used here"
        USER 1000
        """),
    ], check: .dockerfile(check))

    static func check(_ dockerfile: Dockerfile, _ file: DeployFile) -> [Finding] {
        var findings: [Finding] = []
        for (_, install) in dockerfile.pipInstalls {
            for host in install.trustedHosts {
                let position = install.script.position(of: host)
                findings.append(file.finding(descriptor, at: position, endColumn: position.column + host.text.count,
                                             description: "`pip install --trusted-host \(host.text)` turns off TLS verification for `\(host.text)`: packages from it can be changed on the way.",
                                             remediation: "Remove `--trusted-host`; serve the index over HTTPS and, for a private CA, give pip its certificate (`--cert` or `PIP_CERT`)."))
            }
            if let host = install.command.assignments["PIP_TRUSTED_HOST"] {
                findings.append(file.finding(descriptor, at: install.script.position(of: install.command.words[0]),
                                             description: "`PIP_TRUSTED_HOST=\(host)` turns off TLS verification for `\(host)`.",
                                             remediation: "Remove `PIP_TRUSTED_HOST`; serve the index over HTTPS and give pip the CA certificate (`PIP_CERT`)."))
            }
        }
        for instruction in dockerfile.instructions where instruction.keyword == "ENV" || instruction.keyword == "ARG" {
            for (name, value) in instruction.assignments() where name.text.uppercased() == "PIP_TRUSTED_HOST" {
                guard let value, !value.text.isEmpty else { continue }
                let position = instruction.position(at: name.offset)
                findings.append(file.finding(descriptor, at: position, endColumn: position.column + name.text.count,
                                             description: "`\(instruction.keyword) PIP_TRUSTED_HOST=\(value.text)` turns off TLS verification for every `pip install` after it.",
                                             remediation: "Remove `PIP_TRUSTED_HOST`; serve the index over HTTPS and give pip the CA certificate (`PIP_CERT`)."))
            }
        }
        return findings
    }
}
