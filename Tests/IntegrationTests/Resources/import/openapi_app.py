"""A FastAPI app for the OpenAPI import test: it serves its own /openapi.json (FastAPI generates
it), validates every request against it (422 otherwise), refuses unknown ids (404) and a wrong
API key (401), and counts the statuses of each operation at /__calls (not in the document).

Usage: SHOP_KEY=... python3 openapi_app.py PORT
"""
import enum
import os
import secrets
import sys
from typing import Optional

import uvicorn
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.security import APIKeyHeader
from pydantic import BaseModel, Field

app = FastAPI(title="Barrage import test shop", version="1.0")
ITEMS = {}
CALLS = {}


@app.middleware("http")
async def count(request: Request, call_next):
    response = await call_next(request)
    route = request.scope.get("route")
    if route is not None and request.url.path != "/__calls":
        key = f"{request.method} {route.path}"
        CALLS.setdefault(key, {}).setdefault(str(response.status_code), 0)
        CALLS[key][str(response.status_code)] += 1
    return response


class Kind(str, enum.Enum):
    book = "book"
    pen = "pen"


class ItemIn(BaseModel):
    name: str = Field(min_length=2, examples=["A book"])
    price: float = Field(gt=0, examples=[12.5])
    kind: Kind = Kind.book
    tags: list[str] = []


class Item(ItemIn):
    id: int


api_key = APIKeyHeader(name="X-API-Key")


def check_key(key: str = Depends(api_key)):
    if key != os.environ["SHOP_KEY"]:
        raise HTTPException(status_code=401, detail="bad key")


ITEM_LINKS = {
    "GetItem": {"operationId": "get_item", "parameters": {"item_id": "$response.body#/id"}},
    "UpdateItem": {"operationId": "update_item", "parameters": {"item_id": "$response.body#/id"}},
    "DeleteItem": {"operationId": "delete_item", "parameters": {"item_id": "$response.body#/id"}},
}


@app.get("/health", operation_id="health")
def health():
    return {"ok": True}


@app.post("/items", operation_id="create_item", status_code=201, response_model=Item,
          responses={201: {"description": "Created", "links": ITEM_LINKS}})
def create_item(item: ItemIn):
    item_id = secrets.randbelow(9_000_000) + 1_000_000
    ITEMS[item_id] = item
    return Item(id=item_id, **item.model_dump())


@app.get("/items/{item_id}", operation_id="get_item", response_model=Item)
def get_item(item_id: int):
    if item_id not in ITEMS:
        raise HTTPException(status_code=404)
    return Item(id=item_id, **ITEMS[item_id].model_dump())


@app.put("/items/{item_id}", operation_id="update_item", response_model=Item)
def update_item(item_id: int, item: ItemIn):
    if item_id not in ITEMS:
        raise HTTPException(status_code=404)
    ITEMS[item_id] = item
    return Item(id=item_id, **item.model_dump())


@app.delete("/items/{item_id}", operation_id="delete_item", status_code=204)
def delete_item(item_id: int):
    if ITEMS.pop(item_id, None) is None:
        raise HTTPException(status_code=404)


@app.get("/search", operation_id="search")
def search(q: str = Query(min_length=1, examples=["book"]), limit: int = Query(10, ge=1, le=50), kind: Optional[Kind] = None):
    return {"q": q, "limit": limit, "results": []}


@app.get("/admin/stats", operation_id="admin_stats", dependencies=[Depends(check_key)])
def admin_stats():
    return {"items": len(ITEMS)}


@app.get("/__calls", include_in_schema=False)
def calls():
    return CALLS


uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
