/**
 * Where a sweep's files live: any Hadoop {@code FileSystem} (a local path, {@code file://},
 * {@code hdfs://}, {@code s3a://}). {@link lrsweep.store.SweepStore} is a sweep directory with its
 * atomic writes, lease and completion marker; {@link lrsweep.store.Journal} its per-trial record;
 * {@link lrsweep.store.ParquetTable} its tables; {@link lrsweep.store.InputFiles} reads and
 * fingerprints input data. Nothing outside this package touches Hadoop's file system.
 */
package lrsweep.store;
