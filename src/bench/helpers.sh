# Sourced by the benchmarks that run Java helpers: builds the project and the helpers in
# src/bench/java, and exports LRSWEEP_BENCH_JAVA, the command that runs one as the driver runs (its
# JVM flags, class-data archive and class path, the helpers appended so that the archive applies),
# one argument per line.
./submit.sh build
mkdir -p target/bench
javac -nowarn -d target/bench -cp "target/lr-sweep.jar:target/deps/*:target/spark/*" src/bench/java/lrsweep/bench/*.java
source ./submit.sh
LRSWEEP_BENCH_JAVA=$(printf '%s\n' "$(java_bin)" $(java_opts) $(class_archive_opts) $(log_opts) -cp "$driver_cp:$PWD/target/bench")
export LRSWEEP_BENCH_JAVA
