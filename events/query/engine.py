"""Which engine runs the queries: embedded DuckDB (default) or Apache Spark, chosen by configuration.

``$EVENTS_ENGINE`` (or the ``engine`` argument) names it:

- ``duckdb`` (default, also when unset or empty): DuckDB embedded in the process, nothing to start;
- ``spark``: Spark in local mode in this process (``local[*]``; the tests use it);
- ``local[N]``: Spark in local mode with N worker threads;
- ``spark://host:7077`` (a standalone cluster's master URL), ``yarn``, ``k8s://…``: a Spark cluster;
- ``sc://host[:port]``: a Spark Connect server (needs the ``pyspark[connect]`` extras, not pinned here).

Every other value is an error. The same ibis expressions (:mod:`events.query.expressions`) run on
either engine, over the same store: the Parquet files the store's manifest names, read where they
are (for a cluster the store folder must be reachable by every worker: a shared disk, HDFS or
object storage). pyspark is imported only when a Spark engine is chosen.

Examples
--------
>>> engine_kind("duckdb"), engine_kind(None), engine_kind("spark://10.0.0.5:7077"), engine_kind("sc://spark")
('duckdb', 'duckdb', 'spark', 'spark-connect')
>>> spark_master("spark"), spark_master("local[2]"), spark_master("spark://10.0.0.5:7077")
('local[*]', 'local[2]', 'spark://10.0.0.5:7077')
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import threading
from pathlib import Path

import ibis

from ..errors import EventsError

ENGINE_VARIABLE = "EVENTS_ENGINE"
"""The environment variable that names the engine."""

SPARK_CONF = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.sql.ansi.enabled": "false",
    "spark.sql.legacy.parquet.nanosAsLong": "true",
}
"""Settings of every session this module starts (a cluster's own defaults apply to the rest)."""

LOCAL_CONF = {
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.sql.shuffle.partitions": "4",
    "spark.default.parallelism": "4",
}
"""Extra settings of a local-mode session: bound to the loopback interface, few shuffle partitions."""

PACKAGE_ROOT = Path(__file__).resolve().parents[2]
"""The folder holding the ``events`` package and ``data/``: on the Python workers' path in local mode."""

LOG_CONFIG = Path(__file__).resolve().with_name("spark-log4j2.properties")
"""Spark's log settings in local mode: errors only (a cluster keeps its own)."""

_CLUSTER = re.compile(r"^(spark://\S+|yarn|k8s://\S+|mesos://\S+)$")
_LOCAL = re.compile(r"^local(\[(\d+|\*)\])?$")
_lock = threading.Lock()
_session = None  # the Spark session this module started (Spark's "active session" is per thread)


def engine_name(engine: str | None = None) -> str:
    """Return the engine setting: ``engine`` if given, else ``$EVENTS_ENGINE``, else ``"duckdb"`` (stripped)."""
    value = engine if engine is not None else os.environ.get(ENGINE_VARIABLE, "")
    return value.strip() or "duckdb"


def engine_kind(engine: str | None = None) -> str:
    """Return ``"duckdb"``, ``"spark"`` (local mode or a cluster) or ``"spark-connect"`` for an engine setting.

    Raises
    ------
    EventsError
        If the setting names no engine we know (the message lists the accepted values).
    """
    name = engine_name(engine)
    if name.lower() == "duckdb":
        return "duckdb"
    if name.lower() == "spark" or _LOCAL.match(name) or _CLUSTER.match(name):
        return "spark"
    if name.startswith("sc://") and len(name) > len("sc://"):
        return "spark-connect"
    raise EventsError(f"{ENGINE_VARIABLE}={name!r} names no engine: use duckdb, spark, local[N], "
                      "spark://host:port (a Spark cluster) or sc://host (Spark Connect)")


def spark_master(engine: str | None = None) -> str:
    """Return the Spark master URL of a Spark engine setting (``spark`` is ``local[*]``)."""
    name = engine_name(engine)
    return "local[*]" if name.lower() == "spark" else name


def spark_session(engine: str | None = "spark", app_name: str = "events", conf: dict | None = None):
    """Return the Spark session of an engine setting, starting it on first use (one per process).

    Parameters
    ----------
    engine : str, optional
        A Spark setting of :func:`engine_kind` (default ``spark``: local mode).
    app_name : str
        The application name the cluster shows.
    conf : dict, optional
        More settings for a new session (e.g. ``{"spark.driver.memory": "4g"}``); ignored when a
        session runs already.

    Returns
    -------
    pyspark.sql.SparkSession
        The session this module started if it still runs, else a new one (or the process's
        running session, which Spark's ``getOrCreate`` returns whatever its master) with
        :data:`SPARK_CONF` (and :data:`LOCAL_CONF` in local mode, where Python workers run
        ``$PYSPARK_PYTHON``, set to this interpreter when unset, with :data:`PACKAGE_ROOT` on
        their path).

    Raises
    ------
    EventsError
        If the setting is no Spark engine, pyspark is not installed, or Spark cannot start (no
        Java runtime, cluster unreachable).
    """
    kind = engine_kind(engine)
    if kind == "duckdb":
        raise EventsError("the duckdb engine has no Spark session")
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - pyspark is pinned in requirements.txt
        raise EventsError(f"the Spark engine needs pyspark: {exc}") from exc
    global _session
    with _lock:
        if _session is not None and not _is_stopped(_session):
            return _session
        builder = SparkSession.builder.appName(app_name)
        if kind == "spark-connect":
            builder = builder.remote(engine_name(engine))
        else:
            master = spark_master(engine)
            builder = builder.master(master)
            settings = {**SPARK_CONF, **(LOCAL_CONF if master.startswith("local") else {})}
            if master.startswith("local"):  # Python workers (extraction, imports) run this interpreter and package
                os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
                os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # no warning about the host name's address
                settings["spark.executorEnv.PYTHONPATH"] = str(PACKAGE_ROOT)
                settings["spark.driver.extraJavaOptions"] = f"-Dlog4j2.configurationFile=file:{LOG_CONFIG}"
            for key, value in {**settings, **(conf or {})}.items():
                builder = builder.config(key, value)
        try:
            _session = builder.getOrCreate()
        except Exception as exc:  # py4j / Java start-up errors have no common base class
            raise EventsError(f"cannot start Spark ({engine_name(engine)}): {str(exc).splitlines()[0]}") from exc
        if kind == "spark":
            _session.sparkContext.setLogLevel("ERROR")
        return _session


def connect(engine: str | None = None) -> ibis.BaseBackend:
    """Return an ibis backend for the engine setting (see the module docstring).

    Parameters
    ----------
    engine : str, optional
        ``duckdb``, ``spark``, ``local[N]``, a Spark master URL or ``sc://host``; default
        ``$EVENTS_ENGINE``, else ``duckdb``.

    Returns
    -------
    ibis.BaseBackend
        A new in-memory DuckDB connection, or an ibis pyspark backend over the process's Spark
        session (started on first use: seconds, see the README's "Running on Spark").

    Raises
    ------
    EventsError
        If the setting is unknown or Spark cannot start.
    """
    if engine_kind(engine) == "duckdb":
        return ibis.duckdb.connect()
    return ibis.pyspark.connect(spark_session(engine))


def read_parquet(con: ibis.BaseBackend, path, timestamps=()) -> ibis.expr.types.Table:
    """Return a Parquet file of the store as an ibis table of ``con``'s engine.

    Parameters
    ----------
    con : ibis backend
        From :func:`connect`.
    path : path-like or str
        The file (a local path, or any URL the engine reads: ``hdfs://``, ``s3a://`` for Spark).
    timestamps : iterable of str
        The file's timestamp columns. The store writes them in nanoseconds, which Spark cannot
        read as timestamps: Spark reads them as whole numbers (``spark.sql.legacy.parquet.nanosAsLong``)
        and they are turned back into timestamps here, to the microsecond (Spark's precision).

    Returns
    -------
    ibis.expr.types.Table
    """
    if con.name != "pyspark":
        return con.read_parquet(str(path))
    from pyspark.sql import functions as F
    from pyspark.sql.types import LongType

    session = con._session
    session.conf.set("spark.sql.legacy.parquet.nanosAsLong", "true")
    frame = session.read.parquet(str(path))
    longs = {f.name for f in frame.schema.fields if isinstance(f.dataType, LongType)} & set(timestamps)
    if longs:
        frame = frame.select(*(F.timestamp_micros(F.floor(F.col(c) / 1000)).alias(c) if c in longs else F.col(c)
                               for c in frame.columns))
    # one view per file (a store version's file never changes), so a dashboard's reruns do not pile up views
    name = "store_" + hashlib.sha1(str(path).encode()).hexdigest()[:16]
    frame.createOrReplaceTempView(name)
    return con.table(name)


def stop_spark() -> None:
    """Stop the process's Spark session if one runs (the tests call it at the end of a module)."""
    global _session
    with _lock:
        if _session is not None:
            _session.stop()
            _session = None


def _is_stopped(session) -> bool:
    """Return True when ``session``'s Spark context was stopped (by us or by anyone holding it)."""
    context = getattr(session, "_sc", None)
    return context is not None and getattr(context, "_jsc", None) is None
