"""RubyGems: Bundler's `Gemfile.lock`, gems from RubyGems.org.

Versions follow `Gem::Version` (`deps.gemversion`); gem names are as written (RubyGems.org
tells `Rack` from `rack`).
"""

from __future__ import annotations

from codevitals.deps.ecosystems.base import Ecosystem, as_written
from codevitals.deps.gemversion import parse
from codevitals.deps.manifests import RUBYGEMS_SOURCES
from codevitals.deps.rubygems import RUBYGEMS as RUBYGEMS_URL
from codevitals.deps.rubygems import RubyGemsClient

RUBYGEMS = Ecosystem(
    name="RubyGems",
    sources=RUBYGEMS_SOURCES,
    parse=parse,
    normalise=as_written,
    client=RubyGemsClient,
    registry_url=RUBYGEMS_URL,
)
