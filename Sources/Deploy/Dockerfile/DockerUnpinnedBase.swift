import Findings

/// `FROM` an image without a tag, or with `latest`.
enum DockerUnpinnedBase {
    static let descriptor = DeployDoc.descriptor(
        id: "TL-DEPLOY-DOCKER-UNPINNED-BASE", name: "dockerfile-unpinned-base-image", summary: "Base image without a version tag, or :latest",
        severity: .low, confidence: .high, owasp: .a06, cwe: 1104, kind: .dockerfile,
        what: "Finds `FROM` lines whose image has no tag (which means `latest`) or the tag `latest`, in every stage. An image pinned by digest (`@sha256:...`) or by a version tag (`python:3.12-slim`) is not reported, nor `FROM scratch`, nor a `FROM` that names an earlier stage. Build arguments are substituted with their defaults (`FROM python:${PY}` with `ARG PY=3.12`); an image given only by a build argument without a default is not judged.",
        why: "`latest` is whatever was pushed last: each build can get a different operating system, Python and set of vulnerable packages without a change in the repository, a compromised or broken push lands unnoticed, and a build cannot be reproduced to tell what was deployed.",
        example: "FROM python\nFROM node:latest AS assets",
        useInstead: "FROM python:3.12.4-slim-bookworm\n# or, reproducible to the byte:\nFROM python:3.12-slim@sha256:<digest>",
        references: [DeployDoc.dockerfileReference + "#from", DeployDoc.dockerPractices + "#pin-base-image-versions", DeployDoc.dockerCheatSheet],
        aliases: ["DL3006", "DL3007", "CKV_DOCKER_7"])

    static let rule = DeployRule(descriptor, examples: [
        DeployExample("""
        FROM python # error: TL-DEPLOY-DOCKER-UNPINNED-BASE
        USER 1000
        """),
        DeployExample("""
        FROM node:latest AS assets # error: TL-DEPLOY-DOCKER-UNPINNED-BASE
        FROM --platform=linux/amd64 registry.example.com:5000/team/base # error: TL-DEPLOY-DOCKER-UNPINNED-BASE
        USER 1000
        """),
        DeployExample("""
        ARG BASE=python:latest
        FROM ${BASE} # error: TL-DEPLOY-DOCKER-UNPINNED-BASE
        USER 1000
        """),
        DeployExample("""
        ARG PYTHON_VERSION=3.12
        FROM python:${PYTHON_VERSION}-slim AS build
        FROM build
        FROM registry.example.com:5000/team/base:2024.06
        FROM python@sha256:2b9a8e5c54d57b8d3bd8ed8b6b9e47b5c9b6e7e2f1d6e4c0a1b2c3d4e5f60718
        FROM scratch
        USER 1000
        """),
        DeployExample("""
        ARG BASE_IMAGE
        FROM $BASE_IMAGE
        USER 1000
        """),
    ], check: .dockerfile(check))

    static func check(_ dockerfile: Dockerfile, _ file: DeployFile) -> [Finding] {
        var findings: [Finding] = []
        for stage in dockerfile.stages {
            guard let image = dockerfile.resolvedImage(of: stage), image.lowercased() != "scratch",
                  dockerfile.stage(named: image, before: stage.index) == nil else { continue }
            guard !image.contains("@") else { continue }
            let lastPart = image.split(separator: "/").last.map(String.init) ?? image
            let tag = lastPart.firstIndex(of: ":").map { String(lastPart[lastPart.index(after: $0)...]) }
            guard tag == nil || tag?.lowercased() == "latest" else { continue }
            let position = stage.from.position(at: stage.image.offset)
            let end = stage.from.position(at: stage.image.offset + stage.image.text.count).column
            let what = tag == nil ? "has no tag, so it is `latest`" : "is tagged `latest`"
            findings.append(file.finding(descriptor, at: position, endColumn: end,
                                         description: "The base image `\(image)` \(what): every build may get a different image.",
                                         remediation: "Pin the base image to a version tag (`python:3.12-slim`) or, for reproducible builds, a digest (`python:3.12-slim@sha256:...`), and update it on purpose (Dependabot and Renovate update both)."))
        }
        return findings
    }
}
