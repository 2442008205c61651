"""FollowTheMoney in: an FtM file read, mapped onto the vocabulary and written (kg import-ftm)."""
