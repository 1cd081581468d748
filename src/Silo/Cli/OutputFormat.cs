namespace Lepton.Monitor.Silo.Cli;

/// <summary>`--output`: tables for people (default) or one JSON document on stdout for programs (docs/cli.md).</summary>
public enum OutputFormat
{
    Text,
    Json,
}
