"""FollowTheMoney in and out: the mapping (mapping.py), the export and the import."""
