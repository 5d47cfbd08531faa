// The Workspace module: file discovery and configuration.
