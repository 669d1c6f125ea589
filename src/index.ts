import "./main/main.ts";
