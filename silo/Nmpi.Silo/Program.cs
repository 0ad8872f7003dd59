// Placeholder entry point so the silo project builds; the host is wired up when the branches merge.
return 0;
