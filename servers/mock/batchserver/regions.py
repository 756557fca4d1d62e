"""Regions of the mock: one data set per region, chosen by RegionId."""

from __future__ import annotations

import re

from .api import BatchTaskApi
from .errors import ApiError
from .web import last_value

DEFAULT_REGION = "cn-hangzhou"
REGION_ID = re.compile(r"^[a-z]{2,}(-[a-z0-9]+)+$")


def is_region_id(text: str) -> bool:
    return len(text) <= 64 and bool(REGION_ID.match(text))


class RegionalApis:
    """The API of each region served.

    With `strict` (regions named by --region) an unknown RegionId is refused
    as PolarDB refuses one; without, any RegionId reads the one data set.
    """

    def __init__(self, apis: dict[str, BatchTaskApi], strict: bool):
        self.apis = apis
        self.strict = strict
        self.default_region = next(iter(apis))

    @property
    def default(self) -> BatchTaskApi:
        return self.apis[self.default_region]

    def for_params(self, params: dict[str, list[str]]) -> BatchTaskApi:
        region = (last_value(params, "RegionId") or "").strip() or self.default_region
        if region in self.apis:
            return self.apis[region]
        if self.strict:
            raise ApiError("InvalidRegionId", f'The specified region "{region[:64]}" is not served here; served '
                                              f'regions: {", ".join(self.apis)}.')
        return self.default

    def config(self) -> dict:
        return {"regions": list(self.apis), "defaultRegion": self.default_region}
