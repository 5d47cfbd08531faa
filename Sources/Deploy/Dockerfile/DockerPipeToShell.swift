import Findings

/// `curl ... | sh`, `wget -O- ... | bash`, `sh -c "$(curl ...)"` in a `RUN`.
enum DockerPipeToShell {
    static let descriptor = DeployDoc.descriptor(
        id: "TL-DEPLOY-DOCKER-PIPE-TO-SHELL", name: "dockerfile-download-piped-to-shell", summary: "RUN pipes a download into a shell",
        severity: .medium, confidence: .high, owasp: .a08, cwe: 494, kind: .dockerfile,
        what: "Finds `RUN` commands (shell form, `sh -c` exec form and heredoc scripts) that pipe `curl` or `wget` output into a shell or interpreter (`sh`, `bash`, `python`, `perl`, `ruby`, `node`, ...), or run a download through a command substitution (`sh -c \"$(curl ...)\"`, `bash <(curl ...)`, `eval \"$(wget -O- ...)\"`). A `|` inside quotes or a comment is not a pipe; piping into `tar`, `gpg` or `sha256sum` is not reported.",
        why: "The script runs as it arrives, as root during the build, with no chance to check it: whoever controls the server, the domain or (over plain HTTP) the network path controls the image. A partial download can even run half a script.",
        example: "RUN curl -fsSL https://install.example.com | sh",
        useInstead: "RUN curl -fsSLo install.sh https://install.example.com/v1.2.3/install.sh \\\n && echo \"<sha256>  install.sh\" | sha256sum -c - \\\n && sh install.sh && rm install.sh",
        references: [DeployDoc.dockerPractices + "#run", DeployDoc.dockerCheatSheet],
        aliases: [])

    static let downloaders: Set<String> = ["curl", "wget"]
    static let interpreters: Set<String> = ["sh", "bash", "ash", "dash", "zsh", "ksh", "fish", "python", "python2", "python3", "perl", "ruby", "node", "php", "eval", "source", "."]

    static let rule = DeployRule(descriptor, examples: [
        DeployExample("""
        FROM debian:12
        RUN apt-get update && apt-get install -y curl \\
         && curl -fsSL https://deb.nodesource.com/setup_20.x | bash - \\ # error: TL-DEPLOY-DOCKER-PIPE-TO-SHELL
         && apt-get install -y nodejs
        RUN wget -qO- https://install.python-poetry.org | python3 - # error: TL-DEPLOY-DOCKER-PIPE-TO-SHELL
        RUN sh -c "$(curl -fsSL https://example.com/install.sh)" # error: TL-DEPLOY-DOCKER-PIPE-TO-SHELL
        RUN ["/bin/sh", "-c", "curl -s https://example.com/x.sh | sudo sh"] # error: TL-DEPLOY-DOCKER-PIPE-TO-SHELL
        USER 1000
        """),
        DeployExample("""
        # syntax=docker/dockerfile:1
        FROM debian:12
        RUN <<EOF
        set -e
        curl -fsSL https://get.example.com | sh # error: TL-DEPLOY-DOCKER-PIPE-TO-SHELL
        EOF
        USER 1000
        """),
        DeployExample("""
        FROM debian:12
        RUN curl -fsSLo /tmp/tool.tgz https://example.com/tool.tgz && echo "abc  /tmp/tool.tgz" | sha256sum -c -
        RUN curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg
        RUN wget -qO- https://example.com/tool.tar.gz | tar xz -C /opt
        RUN echo "curl https://example.com | sh" > /README.txt
        RUN ls | sh-completion-helper || true
        RUN python3 <<EOF
        import subprocess
        print("curl x | sh")
        EOF
        USER 1000
        """),
    ], check: .dockerfile(check))

    static func check(_ dockerfile: Dockerfile, _ file: DeployFile) -> [Finding] {
        var findings: [Finding] = []
        for (_, script) in dockerfile.allScripts {
            for pipeline in script.pipelines {
                if let finding = piped(pipeline, script, file) ?? substituted(pipeline, script, file) { findings.append(finding) }
            }
        }
        return findings
    }

    /// `curl URL | sh`: a downloader before an interpreter in one pipeline.
    static func piped(_ pipeline: ShellPipeline, _ script: DockerScript, _ file: DeployFile) -> Finding? {
        guard let download = pipeline.commands.firstIndex(where: { $0.program.map(downloaders.contains) == true }) else { return nil }
        guard let runner = pipeline.commands[(download + 1)...].first(where: { $0.program.map(interpreters.contains) == true }),
              let program = runner.program, let tool = pipeline.commands[download].program,
              let first = pipeline.commands[download].programIndex.map({ pipeline.commands[download].words[$0] }) else { return nil }
        let url = pipeline.commands[download].arguments.first { $0.text.contains("://") }?.text
        let position = script.position(of: first)
        return file.finding(descriptor, at: position, endColumn: position.column + first.text.count,
                            description: "`\(tool)` output is piped into `\(program)`\(url.map { " (from `\($0)`)" } ?? ""): the download runs unverified during the build.",
                            remediation: "Download to a file, check it against a pinned digest (`sha256sum -c`) or signature, then run it; better, install a pinned package or copy the tool from a pinned image (`COPY --from=image@sha256:...`).")
    }

    /// `sh -c "$(curl URL)"`, `bash <(curl URL)`.
    static func substituted(_ pipeline: ShellPipeline, _ script: DockerScript, _ file: DeployFile) -> Finding? {
        for command in pipeline.commands {
            guard let program = command.program, interpreters.contains(program), let index = command.programIndex else { continue }
            for word in command.arguments {
                let text = word.text
                guard let tool = downloaders.first(where: { text.contains("$(\($0) ") || text.contains("<(\($0) ") || text.contains("`\($0) ") }) else { continue }
                let position = script.position(of: command.words[index])
                return file.finding(descriptor, at: position, endColumn: position.column + command.words[index].text.count,
                                    description: "`\(program)` runs the output of `\(tool)` through a substitution: the download runs unverified during the build.",
                                    remediation: "Download to a file, check it against a pinned digest (`sha256sum -c`) or signature, then run it.")
            }
        }
        return nil
    }
}
