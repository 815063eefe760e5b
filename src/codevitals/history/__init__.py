"""History: hotspots, change coupling, knowledge and code age, mined from git."""
