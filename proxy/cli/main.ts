// Placeholder entry until the CLI lands in the next commit.
process.stderr.write('gemgate: the CLI is being built.\n');
process.exit(1);
