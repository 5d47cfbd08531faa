import Findings

/// `pip install -r requirements.txt` without `--require-hashes`.
enum DockerPipWithoutHashes {
    static let descriptor = DeployDoc.descriptor(
        id: "TL-DEPLOY-DOCKER-PIP-NO-HASHES", name: "dockerfile-pip-install-without-hashes", summary: "pip installs a requirements file without --require-hashes",
        severity: .low, confidence: .medium, owasp: .a08, cwe: 494, kind: .dockerfile,
        what: "Finds `RUN pip install -r FILE` (also `pip3`, `python -m pip`, `uv pip`) without `--require-hashes`, where `PIP_REQUIRE_HASHES` is not set (by `ENV` in the stage or on the command). Installing packages by name (`pip install gunicorn`) is not reported here. Medium confidence: pip also checks hashes when the requirements file itself carries `--hash` lines, which this rule does not read.",
        why: "Without hashes, pip installs whatever the index serves for each name and version at build time: a compromised or typo-squatted release, or a changed file on a mirror, goes into the image. Hashes make the build install exactly the files that were reviewed and locked.",
        example: "RUN pip install -r requirements.txt",
        useInstead: "# requirements.txt made by pip-compile --generate-hashes (or uv pip compile --generate-hashes)\nRUN pip install --require-hashes --no-deps -r requirements.txt",
        references: ["https://pip.pypa.io/en/stable/topics/secure-installs/", "https://pip.pypa.io/en/stable/cli/pip_install/#cmdoption-require-hashes"],
        aliases: [])

    static let rule = DeployRule(descriptor, examples: [
        DeployExample("""
        FROM python:3.12-slim
        COPY requirements.txt .
        RUN pip install --no-cache-dir -r requirements.txt # error: TL-DEPLOY-DOCKER-PIP-NO-HASHES
        RUN python3 -m pip install --requirement=requirements/prod.txt # error: TL-DEPLOY-DOCKER-PIP-NO-HASHES
        RUN uv pip install --system -rrequirements.txt # error: TL-DEPLOY-DOCKER-PIP-NO-HASHES
        USER 1000
        """),
        DeployExample("""
        FROM python:3.12-slim
        RUN pip install --require-hashes --no-deps -r requirements.txt
        RUN PIP_REQUIRE_HASHES=1 pip install -r requirements-extra.txt
        RUN pip install gunicorn==22.0.0
        RUN echo "pip install -r requirements.txt" >> /notes
        USER 1000
        """),
        DeployExample("""
        FROM python:3.12-slim
        ENV PIP_REQUIRE_HASHES=1
        RUN pip install -r requirements.txt
        USER 1000
        """),
    ], check: .dockerfile(check))

    static func check(_ dockerfile: Dockerfile, _ file: DeployFile) -> [Finding] {
        var findings: [Finding] = []
        for (stage, install) in dockerfile.pipInstalls {
            let files = install.requirementFiles
            guard !files.isEmpty, !install.has("--require-hashes") else { continue }
            let truthy: (String?) -> Bool = { value in
                guard let value = value?.lowercased() else { return false }
                return ["1", "true", "yes", "on"].contains(value)
            }
            if truthy(install.command.assignments["PIP_REQUIRE_HASHES"]) { continue }
            if truthy(dockerfile.variables(in: stage, before: install.script.instruction.index)["PIP_REQUIRE_HASHES"] ?? nil) { continue }
            let position = install.script.position(of: install.programWord)
            findings.append(file.finding(descriptor, at: position, endColumn: position.column + install.programWord.text.count,
                                         description: "`pip install -r \(files.joined(separator: " -r "))` does not require hashes: the build installs whatever the index serves for these requirements.",
                                         remediation: "Lock the requirements with hashes (`pip-compile --generate-hashes`, `uv pip compile --generate-hashes`) and install with `pip install --require-hashes --no-deps -r \(files[0])`."))
        }
        return findings
    }
}
