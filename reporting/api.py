from ninja import Router

router = Router(tags=["licenses and compliance"])
