import "./main/main.ts";

