#!/bin/sh
# Server Status plugin: runs server/Main.java (JDK single-file source mode) with the Java that runs
# Plugin Console, which passes its path in PLUGIN_CONSOLE_JAVA; "java" on the PATH otherwise.
# The plugin folder is the working directory.
JAVA="${PLUGIN_CONSOLE_JAVA:-java}"
exec "$JAVA" -Xmx32m -Xss512k -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto server/Main.java
