"""Storage: engine and session factory, ORM models, repositories, migrations. The only SQLAlchemy user
besides ``sync`` and ``reports``."""
